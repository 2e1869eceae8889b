package ml.consensus.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The documentation of every endpoint the controllers serve, in one table so the controllers stay
 * plain. {@code ApiDocumentationIntegrationTests} fails when a mapping is missing here or an entry has no
 * mapping, so the table cannot drift from the code.
 */
final class ApiCatalogue {

    static final String CONSENSUS = "Consensus";
    static final String LEDGER = "Ledger";
    static final String MODEL = "Model";

    private static final String HASH = "Full 64-hex hash, or a unique prefix of at least 8 hex characters"
            + " (unknown: 404, ambiguous: 409)";
    private static final String PAGE = "Page number, from 0";
    /** Every write can meet a read-only node (503); every request can fail inside the node (500). */
    private static final List<Integer> WRITE = List.of(400, 413, 415, 500, 503);

    private ApiCatalogue() {
    }

    static final List<DocumentedEndpoint> ENDPOINTS = List.of(
            new DocumentedEndpoint("POST", "/decentralized/propose-training", CONSENSUS,
                    "Propose a training batch",
                    "Records a `training_proposal` (texts, learning rate, the current model hash and version) on the"
                            + " ledger and returns its `proposal_hash`. The model does not change. `learning_rate`"
                            + " defaults to 0.01 and must be in (0, 1]; `allow_rebase: true` lets the update train on"
                            + " whatever model is current when it is applied.",
                    "propose", concat(WRITE, 409), Map.of()),
            new DocumentedEndpoint("POST", "/decentralized/approve-proposal", CONSENSUS,
                    "Approve a proposal (validator vote)",
                    "Records a `validator_approval`. One vote per validator per proposal. With a validator set the"
                            + " vote must carry an Ed25519 `signature` over"
                            + " `consensus-ml/vote/v1:approve:<proposal hash>:<validator id>`.",
                    "approve", concat(WRITE, 401, 403, 404, 409), Map.of()),
            new DocumentedEndpoint("POST", "/decentralized/reject-proposal", CONSENSUS,
                    "Reject a proposal (validator vote)",
                    "Records a `validator_rejection`. Once the remaining possible approvals cannot reach the quorum"
                            + " the proposal is `rejected` and can never be applied.",
                    "reject", concat(WRITE, 401, 403, 404, 409), Map.of()),
            new DocumentedEndpoint("POST", "/decentralized/apply-training", CONSENSUS,
                    "Apply an approved proposal",
                    "Trains the model on the approved proposal's stored content and records"
                            + " `model_update_approved` with the model hash before and after. `texts` and"
                            + " `learning_rate` are optional; if given they must equal the proposal's (422).",
                    "apply", concat(WRITE, 404, 409, 422), Map.of()),
            new DocumentedEndpoint("GET", "/decentralized/status", CONSENSUS,
                    "Node status",
                    "Chain length, records, validity, the served model, proposal counts and the approval policy.",
                    "status", List.of(500), Map.of()),
            new DocumentedEndpoint("GET", "/decentralized/proposals", CONSENSUS,
                    "List proposals",
                    "Proposals in ledger order with their state (`proposed`, `approved`, `rejected`, `applied`),"
                            + " votes and content.",
                    "proposals", List.of(400, 500), Map.of("page", PAGE, "size", "Proposals per page, 1 to 1000")),
            new DocumentedEndpoint("GET", "/decentralized/proposals/{hash}", CONSENSUS,
                    "One proposal",
                    "A proposal with its state, votes and content.",
                    "proposal", List.of(400, 404, 409, 500), Map.of("hash", HASH)),
            new DocumentedEndpoint("POST", "/save-checkpoint", LEDGER,
                    "Save a model checkpoint",
                    "Writes the served model to `<data-dir>/checkpoints/<model_hash>.model` and records"
                            + " `checkpoint_saved` with its hash; start-up restores from the newest valid checkpoint.",
                    "checkpoint", List.of(500, 503), Map.of()),
            new DocumentedEndpoint("GET", "/blockchain-history", LEDGER,
                    "Ledger records in chain order",
                    "Every record, optionally of one type, a page at a time.",
                    "history", List.of(400, 500), Map.of("type", "Only records of this type: genesis,"
                            + " training_proposal, validator_approval, validator_rejection, model_update_approved,"
                            + " checkpoint_saved", "page", PAGE, "size", "Records per page, 1 to 1000")),
            new DocumentedEndpoint("GET", "/blocks", LEDGER,
                    "Blocks",
                    "Blocks from an index upwards with their proof of work and record hashes.",
                    "blocks", List.of(400, 500), Map.of("from", "Index of the first block, 0 or more",
                            "size", "Blocks per page, 1 to 1000")),
            new DocumentedEndpoint("GET", "/blocks/{index}", LEDGER,
                    "One block",
                    "A block with its header, proof of work and full records.",
                    "block", List.of(400, 404, 500), Map.of("index", "Block index; genesis is 0")),
            new DocumentedEndpoint("GET", "/records/{hash}", LEDGER,
                    "One record",
                    "A record with `canonical_body`, the exact RFC 8785 text its `record_hash` is taken over.",
                    "record", List.of(400, 404, 409, 500), Map.of("hash", HASH)),
            new DocumentedEndpoint("GET", "/records/{hash}/proof", LEDGER,
                    "Inclusion proof of a record",
                    "RFC 6962 Merkle audit path from the record's leaf to its block's `merkle_root`.",
                    "proof", List.of(400, 404, 409, 500), Map.of("hash", HASH)),
            new DocumentedEndpoint("GET", "/verify", LEDGER,
                    "Verify the ledger",
                    "Re-checks every block, record hash, Merkle root, proof of work, the consensus rules and vote"
                            + " signatures, and replays the model from genesis; names the first failure.",
                    "verify", List.of(500), Map.of()),
            new DocumentedEndpoint("GET", "/export", LEDGER,
                    "Export the ledger",
                    "The whole ledger as one document (`consensus-ml-ledger/v1`) for the offline verifier or a"
                            + " restore (`--consensus.restore-from`). The example shows the first two blocks.",
                    "export", List.of(500), Map.of()),
            new DocumentedEndpoint("GET", "/model-info", MODEL,
                    "The served model",
                    "Name, training steps, vocabulary size, dimensions and model hash.",
                    "model-info", List.of(500), Map.of()),
            new DocumentedEndpoint("GET", "/model/history", MODEL,
                    "The model after each update",
                    "The base model and, a page at a time, the model after each applied update: block, timestamp,"
                            + " training steps, vocabulary size, model hash and proposal (the explorer's plot). Read"
                            + " from the records as stored; `GET /verify` checks them.",
                    "model-history", List.of(400, 500), Map.of("page", PAGE, "size", "Updates per page, 1 to 1000")),
            new DocumentedEndpoint("GET", "/model/nearest-words", MODEL,
                    "Nearest words to a word",
                    "Vocabulary words nearest to one word by cosine similarity.",
                    "nearest-words", List.of(400, 404, 500), Map.of("word", "One word of the vocabulary",
                            "k", "How many neighbours, 1 to 100")),
            new DocumentedEndpoint("GET", "/model/nearest-to-text", MODEL,
                    "Nearest words to a text",
                    "Vocabulary words nearest to the mean vector of a text's known words.",
                    "nearest-to-text", List.of(400, 404, 500), Map.of("text", "Any text of up to 2000 characters",
                            "k", "How many neighbours, 1 to 100")));

    private static List<Integer> concat(List<Integer> base, Integer... more) {
        return Stream.concat(base.stream(), Arrays.stream(more)).sorted().toList();
    }
}
