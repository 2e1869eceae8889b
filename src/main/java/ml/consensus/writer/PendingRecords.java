package ml.consensus.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;

/**
 * Records accepted into the block being assembled but not yet committed. Each write in a batch
 * is checked against the ledger plus these, so two writes in one block obey the same rules as
 * two writes in two blocks (one vote per validator, apply after quorum, and so on). Indexed by
 * proposal so that checking a write costs the same however large the batch.
 */
public final class PendingRecords {

    /** One pending record with the fields the checks look up, read once. */
    private record Entry(LedgerRecord record, int position, String proposalHash, String validatorId) {}

    private final long blockIndex;
    private final List<LedgerRecord> records = new ArrayList<>();
    private final Map<String, List<Entry>> byProposal = new HashMap<>();
    private final Map<String, Object> ledgerFacts = new HashMap<>();

    PendingRecords(long blockIndex) {
        this.blockIndex = blockIndex;
    }

    /** An empty overlay, for reads outside a batch. */
    public static PendingRecords none() {
        return new PendingRecords(-1);
    }

    /**
     * A fact about the committed ledger, looked up once per batch: a batch is checked against
     * one head, so the writes of one batch that concern the same proposal share one look-up. If
     * another node appends meanwhile, this node's block loses at commit and the batch is checked
     * again with new pending records and no remembered facts. Outside a batch ({@link #none()})
     * nothing is kept beyond the one call.
     */
    @SuppressWarnings("unchecked")
    public <T> T ledgerFact(String key, java.util.function.Supplier<T> lookup) {
        return (T) ledgerFacts.computeIfAbsent(key, k -> lookup.get());
    }

    void addAll(List<LedgerRecord> accepted) {
        for (LedgerRecord record : accepted) {
            JsonNode body = record.json();
            String proposal = LedgerRecord.text(body, "proposal_hash");
            Entry entry = new Entry(record, records.size(), proposal, LedgerRecord.text(body, "validator_id"));
            records.add(record);
            if (proposal != null) {
                byProposal.computeIfAbsent(proposal, k -> new ArrayList<>()).add(entry);
            }
        }
    }

    public List<LedgerRecord> records() {
        return List.copyOf(records);
    }

    /** The pending records about one proposal, placed where they will stand in the block. */
    public List<StoredRecord> about(Sha256 proposalHash) {
        return entries(proposalHash).stream()
                .map(e -> new StoredRecord(e.record(), blockIndex, e.position()))
                .toList();
    }

    /** How many pending records of {@code type} are about this proposal. */
    public int count(Sha256 proposalHash, RecordType type) {
        return (int) entries(proposalHash).stream()
                .filter(e -> e.record().type() == type)
                .count();
    }

    /** The pending vote of {@code validatorId} on this proposal, if any. */
    public java.util.Optional<StoredRecord> voteOf(Sha256 proposalHash, String validatorId) {
        return entries(proposalHash).stream()
                .filter(e -> e.record().type() == RecordType.VALIDATOR_APPROVAL
                        || e.record().type() == RecordType.VALIDATOR_REJECTION)
                .filter(e -> validatorId.equals(e.validatorId()))
                .findFirst()
                .map(e -> new StoredRecord(e.record(), blockIndex, e.position()));
    }

    /** Hashes of pending proposals that start with {@code prefix}. */
    public List<String> proposalHashesStartingWith(String prefix) {
        return byProposal.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .filter(e -> e.getValue().stream()
                        .anyMatch(x -> x.record().type() == RecordType.TRAINING_PROPOSAL
                                || x.record().type() == RecordType.GOVERNANCE_PROPOSAL))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private List<Entry> entries(Sha256 proposalHash) {
        return byProposal.getOrDefault(proposalHash.hex(), List.of());
    }
}
