package ml.consensus.node;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import ml.consensus.ledger.LedgerIdentity;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.rules.ConsensusRecords;

/**
 * The built-in base model every replay starts from, built once per process, and the genesis
 * record a new ledger starts with.
 */
@Component
public class GenesisModel {

    private final EmbeddingModel base = BaseModel.create();
    private final Optional<String> configuredNonce;
    private final boolean clustered;

    /**
     * @param configuredNonce {@code consensus.ledger-nonce}: the nonce a new ledger's genesis
     *                        carries (64 hex); empty = a fresh random one
     * @param clusterNodeId   {@code consensus.cluster.node-id}: set in cluster mode, where every
     *                        node writes genesis itself and all must write the same block
     */
    public GenesisModel(
            @Value("${consensus.ledger-nonce:}") String configuredNonce,
            @Value("${consensus.cluster.node-id:}") String clusterNodeId) {
        if (!configuredNonce.isEmpty() && !LedgerIdentity.isWellFormedNonce(configuredNonce)) {
            throw new IllegalArgumentException(
                    "consensus.ledger-nonce must be 64 lower-case hex characters (32 bytes), got '" + configuredNonce
                            + "'");
        }
        this.configuredNonce = configuredNonce.isEmpty() ? Optional.empty() : Optional.of(configuredNonce);
        this.clustered = !clusterNodeId.isEmpty();
    }

    /** A fresh copy of the base model. */
    public EmbeddingModel copy() {
        return base.copy();
    }

    /**
     * The genesis record for a new ledger: the base model's name, hash and size, and a ledger
     * nonce so that the ledger has an identity of its own. The nonce is the configured one, else
     * random; in cluster mode without a configured nonce there is none (a legacy genesis), since
     * each node writes its own genesis and a random nonce would give every node another ledger.
     */
    public LedgerRecord genesisRecord() {
        Optional<String> nonce =
                configuredNonce.isPresent() || clustered ? configuredNonce : Optional.of(LedgerIdentity.newNonce());
        return ConsensusRecords.genesis(base, nonce);
    }
}
