package ml.consensus.history;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.rules.AppliedUpdate;
import ml.consensus.storage.Ledger;
import ml.consensus.verification.LedgerVerification;

/**
 * How the model came to be what it is, read from the ledger alone: the base model named in the
 * genesis block, then the vocabulary size, training steps and model hash after each applied
 * update, in chain order. Reads only the genesis block, the page's {@code model_update_approved}
 * records and the maintained record count: the same few queries whatever the length of the chain.
 * Trusts the records as stored; {@link LedgerVerification} is what checks them by replay.
 */
@Component
public class ModelHistory {

    /** One page of the history: the base model, the updates of the page, and how many there are in all. */
    public record Page(ModelState genesis, List<ModelState> updates, long totalUpdates) {
        public Page {
            updates = List.copyOf(updates);
        }
    }

    private final Ledger ledger;

    ModelHistory(Ledger ledger) {
        this.ledger = ledger;
    }

    /** The base model and the {@code page}-th run of {@code size} applied updates, oldest first. */
    @Transactional(readOnly = true)
    public Page page(int page, int size) {
        List<ModelState> updates = ledger.records(Optional.of(RecordType.MODEL_UPDATE_APPROVED), page, size).stream()
                .map(AppliedUpdate::from)
                .map(ModelState::after)
                .toList();
        return new Page(genesis(), updates, ledger.countRecords(RecordType.MODEL_UPDATE_APPROVED));
    }

    /** The base model as the genesis record names it; the base model has had no training step. */
    private ModelState genesis() {
        Block genesis = ledger.block(0).orElseThrow(() -> new IllegalStateException("the ledger has no genesis block"));
        LedgerRecord record = genesis.records().get(0);
        return new ModelState(
                0,
                genesis.header().timestamp(),
                0,
                record.json().get("vocab_size").asInt(),
                Sha256.fromHex(record.text("model_hash")),
                Optional.empty());
    }
}
