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

    private static final String HASH =
            "Full 64-hex hash, or a unique prefix of at least 8 hex characters" + " (unknown: 404, ambiguous: 409)";
    private static final String PAGE = "Page number, from 0";
    private static final String BLOCK = "Balances after this block, 0 to the head (beyond it: 404); default: the head";
    /** Every write can meet a read-only node (503); every request can fail inside the node (500). */
    private static final List<Integer> WRITE = List.of(400, 413, 415, 500, 503);

    private ApiCatalogue() {}

    static final List<DocumentedEndpoint> ENDPOINTS = List.of(
            new DocumentedEndpoint(
                    "POST",
                    "/decentralized/propose-training",
                    CONSENSUS,
                    "Propose a training batch",
                    "Records a `training_proposal` (texts, learning rate, the current model hash and version) on the"
                            + " ledger and returns its `proposal_hash`. The model does not change. `learning_rate`"
                            + " defaults to 0.01 and must be in (0, 1]; `allow_rebase: true` lets the update train on"
                            + " whatever model is current when it is applied. `proposer_key` (optional, an Ed25519 public"
                            + " key of 64 lower-case hex characters) is written into the proposal: its holder may"
                            + " withdraw it (`POST /decentralized/withdraw-proposal`). With proposal expiry configured"
                            + " the proposal also carries `expires_after_block` / `expires_at`.",
                    "propose",
                    concat(WRITE, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "POST",
                    "/decentralized/approve-proposal",
                    CONSENSUS,
                    "Approve a proposal (validator vote)",
                    "Records a `validator_approval`. One vote per validator per proposal. With a validator set the"
                            + " vote must carry an Ed25519 `signature` over"
                            + " `consensus-ml/vote/v1:approve:<proposal hash>:<validator id>`; a validator below the"
                            + " minimum stake is refused (403). The answer names the `approval_policy` in force and"
                            + " `approvals_required`, the fewest approvals that can meet it. Votes on a proposal that"
                            + " is applied, withdrawn or expired are refused (409). Governance proposals are voted"
                            + " on here too.",
                    "approve",
                    concat(WRITE, 401, 403, 404, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "POST",
                    "/decentralized/reject-proposal",
                    CONSENSUS,
                    "Reject a proposal (validator vote)",
                    "Records a `validator_rejection`, signed as an approval is (`...:reject:...`). Once the"
                            + " rejecters leave the approval policy unmeetable even if every other validator approved,"
                            + " the proposal is `rejected` and can never be applied.",
                    "reject",
                    concat(WRITE, 401, 403, 404, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "POST",
                    "/decentralized/apply-training",
                    CONSENSUS,
                    "Apply an approved proposal",
                    "Trains the model on the approved proposal's stored content and records"
                            + " `model_update_approved` with the model hash before and after. `texts` and"
                            + " `learning_rate` are optional; if given they must equal the proposal's (422). The"
                            + " answer gives the model's held-out score before and after (`evaluation_set_hash`,"
                            + " `score_before`, `score_after`) and the `slashes` written in the same block (empty"
                            + " unless slashing is configured). A governance proposal is refused here (409).",
                    "apply",
                    concat(WRITE, 404, 409, 422),
                    Map.of()),
            new DocumentedEndpoint(
                    "GET",
                    "/decentralized/status",
                    CONSENSUS,
                    "Node status",
                    "Chain length, records, validity, the served model, proposal counts and the approval policy"
                            + " in force (`approval_policy`: policy, kind, the block that declared it, and the"
                            + " validators with their weights, or null in the open mode where anyone votes).",
                    "status",
                    List.of(500),
                    Map.of()),
            new DocumentedEndpoint(
                    "GET",
                    "/decentralized/proposals",
                    CONSENSUS,
                    "List proposals",
                    "Training and governance proposals in chain order (block, then position in the block), each as"
                            + " `GET /decentralized/proposals/{hash}` shows it without `dry_run`: `kind` (`training`"
                            + " or `governance`), state (`proposed`, `approved`, `rejected`, `applied`, `withdrawn`,"
                            + " `expired`), `approval_policy`, `policy_progress` (what the proposal has, what the"
                            + " policy needs, and validators whose approval would meet it), votes and content (texts"
                            + " and learning rate, or the governance `action` and its fields). `total_proposals` is"
                            + " how many proposals of the listed kinds the ledger holds. An unknown `kind`, page or"
                            + " size is a 400.",
                    "proposals",
                    List.of(400, 500),
                    Map.of(
                            "kind",
                            "Only proposals of this kind: `training` or" + " `governance`; absent: both",
                            "page",
                            PAGE,
                            "size",
                            "Proposals per page, 1 to 1000")),
            new DocumentedEndpoint(
                    "GET",
                    "/decentralized/proposals/{hash}",
                    CONSENSUS,
                    "One proposal",
                    "A training or governance proposal (`kind`) with its state, `approval_policy`,"
                            + " `policy_progress`, votes and content. An open training proposal that could still be"
                            + " applied also gets `dry_run`: the held-out score before and after a trial training on"
                            + " the served model (advisory, not on the ledger). The example is an applied proposal,"
                            + " which has none.",
                    "proposal",
                    List.of(400, 404, 409, 500),
                    Map.of("hash", HASH)),
            new DocumentedEndpoint(
                    "POST",
                    "/decentralized/withdraw-proposal",
                    CONSENSUS,
                    "Withdraw a proposal (its proposer)",
                    "Records a `proposal_withdrawn`: the proposal is `withdrawn` and can no longer be voted on or"
                            + " applied. Only a proposal made with a `proposer_key` can be withdrawn, with an Ed25519"
                            + " `signature` by that key over `consensus-ml/withdraw/v1:<full 64-hex proposal hash>`"
                            + " (missing, malformed or not verifying: 401). A proposal without `proposer_key`, or one"
                            + " already applied or withdrawn, is refused (409).",
                    "withdraw",
                    concat(WRITE, 401, 404, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "POST",
                    "/decentralized/propose-governance",
                    CONSENSUS,
                    "Propose a governance change",
                    "Records a `governance_proposal`, voted on with the approve and reject endpoints like a training"
                            + " batch. `action` is `add_validator` (`validator_id`, `public_key` where votes are signed,"
                            + " `weight` default 1), `remove_validator` (`validator_id`), `set_weight` (`validator_id`,"
                            + " `weight`), `set_policy` (`policy`, e.g. `OutOf(2,'validator-alice','validator-bob',"
                            + "'validator-carol')`) or `set_stake_rules` (`minimum_to_vote`, `weight_from_stake`,"
                            + " `slash_fraction`, `slash_tolerance`, each off when left out, as the `consensus.stake.*`"
                            + " settings); `proposer_key` (optional) may withdraw it. A missing, malformed or"
                            + " extra field is a 400; a change that does not apply to the rules in force (a member added"
                            + " twice, the last validator removed, a policy left unmeetable, stake rules already in"
                            + " force) or a node in the open mode without a validator list is refused (409).",
                    "propose-governance",
                    concat(WRITE, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "POST",
                    "/decentralized/apply-governance",
                    CONSENSUS,
                    "Apply an approved governance change",
                    "Records `governance_applied` for a governance proposal the policy in force has approved; the"
                            + " change holds from the next block (`effective_from_block`). Answers the approval policy"
                            + " and validators after the change. Refused (409) when the proposal is not approved, is"
                            + " expired, withdrawn or already applied, is a training proposal, no longer applies to"
                            + " the rules in force, or another rules change is being written in the same block.",
                    "apply-governance",
                    concat(WRITE, 404, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "POST",
                    "/stake/bond",
                    CONSENSUS,
                    "Bond stake (validator)",
                    "Records a `stake_bonded`: adds `amount` (1 to 10^12) to the validator's balance. Needs a"
                            + " validator set file (403 without one, or for a validator not in it) and an Ed25519"
                            + " `signature` by the validator over"
                            + " `consensus-ml/stake/v1:bond:<validator id>:<amount>:<sequence>` (401). `sequence` must"
                            + " be the validator's `next_sequence` (`GET /stake/{validatorId}`); any other, as in a"
                            + " replayed request, is refused (409), as is a balance over 10^12.",
                    "stake-bond",
                    concat(WRITE, 401, 403, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "POST",
                    "/stake/unbond",
                    CONSENSUS,
                    "Unbond stake (validator)",
                    "Records a `stake_unbonded`: subtracts `amount` from the validator's balance. Signed as a bond,"
                            + " over `consensus-ml/stake/v1:unbond:<validator id>:<amount>:<sequence>`; unbonding more"
                            + " than the balance, or a sequence other than the next, is refused (409).",
                    "stake-unbond",
                    concat(WRITE, 401, 403, 409),
                    Map.of()),
            new DocumentedEndpoint(
                    "GET",
                    "/stake",
                    CONSENSUS,
                    "Stake balances",
                    "The stake rules in force (`minimum_to_vote`, `weight_from_stake`, `slashing`) and, for every"
                            + " validator of the set and everyone who ever held stake: `balance`, `next_sequence`,"
                            + " `may_vote` and `voting_weight`, after one block (default: the head), folded from the"
                            + " ledger's bonds, unbonds and slashes.",
                    "stakes",
                    List.of(400, 404, 500),
                    Map.of("block", BLOCK)),
            new DocumentedEndpoint(
                    "GET",
                    "/stake/{validatorId}",
                    CONSENSUS,
                    "One validator's stake",
                    "A validator's `balance`, `next_sequence` (the sequence its next signed bond or unbond must"
                            + " carry), `may_vote` and `voting_weight` after one block (default: the head). A"
                            + " malformed id is a 400.",
                    "stake",
                    List.of(400, 404, 500),
                    Map.of(
                            "validatorId",
                            "Validator id: 1 to 128 letters, digits"
                                    + " and . _ : @ -, starting with a letter or digit",
                            "block",
                            BLOCK)),
            new DocumentedEndpoint(
                    "POST",
                    "/save-checkpoint",
                    LEDGER,
                    "Save a model checkpoint",
                    "Writes the served model to `<data-dir>/checkpoints/<model_hash>.model` and records"
                            + " `checkpoint_saved` with its hash; start-up restores from the newest valid checkpoint.",
                    "checkpoint",
                    List.of(500, 503),
                    Map.of()),
            new DocumentedEndpoint(
                    "GET",
                    "/blockchain-history",
                    LEDGER,
                    "Ledger records in chain order",
                    "Every record, optionally of one type, a page at a time.",
                    "history",
                    List.of(400, 500),
                    Map.of(
                            "type",
                            "Only records of this type: genesis,"
                                    + " training_proposal, validator_approval, validator_rejection, model_update_approved,"
                                    + " checkpoint_saved, policy_declared, proposal_withdrawn, governance_proposal,"
                                    + " governance_applied, stake_bonded, stake_unbonded, validator_slashed",
                            "page",
                            PAGE,
                            "size",
                            "Records per page, 1 to 1000")),
            new DocumentedEndpoint(
                    "GET",
                    "/blocks",
                    LEDGER,
                    "Blocks",
                    "Blocks from an index upwards with their proof of work and record hashes.",
                    "blocks",
                    List.of(400, 500),
                    Map.of("from", "Index of the first block, 0 or more", "size", "Blocks per page, 1 to 1000")),
            new DocumentedEndpoint(
                    "GET",
                    "/blocks/{index}",
                    LEDGER,
                    "One block",
                    "A block with its header, proof of work and full records.",
                    "block",
                    List.of(400, 404, 500),
                    Map.of("index", "Block index; genesis is 0")),
            new DocumentedEndpoint(
                    "GET",
                    "/records/{hash}",
                    LEDGER,
                    "One record",
                    "A record with `canonical_body`, the exact RFC 8785 text its `record_hash` is taken over.",
                    "record",
                    List.of(400, 404, 409, 500),
                    Map.of("hash", HASH)),
            new DocumentedEndpoint(
                    "GET",
                    "/records/{hash}/proof",
                    LEDGER,
                    "Inclusion proof of a record",
                    "RFC 6962 Merkle audit path from the record's leaf to its block's `merkle_root`.",
                    "proof",
                    List.of(400, 404, 409, 500),
                    Map.of("hash", HASH)),
            new DocumentedEndpoint(
                    "GET",
                    "/verify",
                    LEDGER,
                    "Verify the ledger",
                    "Re-checks every block, record hash, Merkle root, proof of work, the consensus rules (approval"
                            + " policy, governance, expiry, withdrawals, stake and slashing), vote and stake signatures,"
                            + " and replays the model and its held-out scores from genesis; names the first failure.",
                    "verify",
                    List.of(500),
                    Map.of()),
            new DocumentedEndpoint(
                    "GET",
                    "/export",
                    LEDGER,
                    "Export the ledger",
                    "The whole ledger as one document (`consensus-ml-ledger/v1`) for the offline verifier or a"
                            + " restore (`--consensus.restore-from`). The example shows the first two blocks.",
                    "export",
                    List.of(500),
                    Map.of()),
            new DocumentedEndpoint(
                    "GET",
                    "/model-info",
                    MODEL,
                    "The served model",
                    "Name, training steps, vocabulary size, dimensions and model hash.",
                    "model-info",
                    List.of(500),
                    Map.of()),
            new DocumentedEndpoint(
                    "GET",
                    "/model/history",
                    MODEL,
                    "The model after each update",
                    "The base model and, a page at a time, the model after each applied update: block, timestamp,"
                            + " training steps, vocabulary size, model hash and proposal (the explorer's plot). Read"
                            + " from the records as stored; `GET /verify` checks them.",
                    "model-history",
                    List.of(400, 500),
                    Map.of("page", PAGE, "size", "Updates per page, 1 to 1000")),
            new DocumentedEndpoint(
                    "GET",
                    "/model/nearest-words",
                    MODEL,
                    "Nearest words to a word",
                    "Vocabulary words nearest to one word by cosine similarity.",
                    "nearest-words",
                    List.of(400, 404, 500),
                    Map.of("word", "One word of the vocabulary", "k", "How many neighbours, 1 to 100")),
            new DocumentedEndpoint(
                    "GET",
                    "/model/nearest-to-text",
                    MODEL,
                    "Nearest words to a text",
                    "Vocabulary words nearest to the mean vector of a text's known words.",
                    "nearest-to-text",
                    List.of(400, 404, 500),
                    Map.of("text", "Any text of up to 2000 characters", "k", "How many neighbours, 1 to 100")));

    private static List<Integer> concat(List<Integer> base, Integer... more) {
        return Stream.concat(base.stream(), Arrays.stream(more)).sorted().toList();
    }
}
