package ml.consensus.node;

import org.springframework.stereotype.Component;

import ml.consensus.ledger.LedgerRecord;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.rules.ConsensusRecords;

/** The built-in base model every replay starts from, built once per process. */
@Component
public class GenesisModel {

    private final EmbeddingModel base = BaseModel.create();

    /** A fresh copy of the base model. */
    public EmbeddingModel copy() {
        return base.copy();
    }

    /** The genesis block's record: the base model's name, hash and size. */
    public LedgerRecord genesisRecord() {
        return ConsensusRecords.genesis(base);
    }
}
