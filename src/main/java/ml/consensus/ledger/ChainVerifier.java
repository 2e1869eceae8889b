package ml.consensus.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import ml.consensus.hashing.CanonicalJson;
import ml.consensus.hashing.Sha256;

/**
 * Checks a chain of blocks from genesis using nothing but the blocks themselves: indices,
 * links, block hashes, proof of work, Merkle roots, record hashes and canonical bodies.
 * Pure and stateless, so it checks a live ledger, an export and a peer's copy alike.
 * Stops at the first failure and reports it with the computed and expected values.
 */
public final class ChainVerifier {

    private final int minimumDifficulty;

    /** @param minimumDifficulty the fewest leading zero bits any block after genesis may claim */
    public ChainVerifier(int minimumDifficulty) {
        this.minimumDifficulty = minimumDifficulty;
    }

    public ChainVerification verify(List<Block> blocks) {
        return verify(blocks, WorkProgress.NONE);
    }

    /** Verifies {@code blocks}, telling {@code progress} after each block ("chain"). */
    public ChainVerification verify(List<Block> blocks, WorkProgress progress) {
        long recordsChecked = 0;
        Sha256 previousHash = Sha256.ZERO;
        String previousTimestamp = null;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            Optional<VerificationFailure> failure = verifyBlock(block, i, previousHash, previousTimestamp);
            if (failure.isPresent()) {
                return ChainVerification.invalid(i, recordsChecked, failure.get());
            }
            recordsChecked += block.records().size();
            previousHash = block.hash();
            previousTimestamp = block.header().timestamp();
            progress.advanced("chain", i + 1L, blocks.size());
        }
        if (blocks.isEmpty()) {
            return ChainVerification.invalid(
                    0,
                    0,
                    VerificationFailure.ofBlock(0, "genesis", "no blocks", "a genesis block", "the chain is empty"));
        }
        return ChainVerification.valid(blocks.size(), recordsChecked);
    }

    /**
     * Checks one block against the hash and timestamp of the block before it (zero and null for
     * genesis): its index, link, records, Merkle root, hash, difficulty, proof of work, and that
     * its timestamp is in the ledger's format ({@link LedgerTime#parse}) and not earlier than
     * {@code previousTimestamp} by more than {@link LedgerTime#STEP_BACK_TOLERANCE}.
     */
    public Optional<VerificationFailure> verifyBlock(
            Block block, long expectedIndex, Sha256 previousHash, String previousTimestamp) {
        BlockHeader header = block.header();
        long index = header.index();
        if (index != expectedIndex) {
            return Optional.of(VerificationFailure.ofBlock(
                    expectedIndex,
                    "index",
                    index,
                    expectedIndex,
                    "block index is " + index + ", expected " + expectedIndex));
        }
        if (!header.previousHash().equals(previousHash)) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "previous_hash",
                    header.previousHash(),
                    previousHash,
                    "previous_hash does not link to the block before"));
        }
        for (int r = 0; r < block.records().size(); r++) {
            Optional<VerificationFailure> failure =
                    verifyRecord(index, r, block.records().get(r));
            if (failure.isPresent()) {
                return failure;
            }
        }
        Sha256 merkleRoot = MerkleTree.root(block.recordHashes());
        if (!merkleRoot.equals(header.merkleRoot())) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "merkle_root",
                    merkleRoot,
                    header.merkleRoot(),
                    "Merkle root of the records does not match the header"));
        }
        Sha256 hash = header.hash();
        if (!hash.equals(block.hash())) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "block_hash",
                    hash,
                    block.hash(),
                    "block hash computed from the header does not match the stored hash"));
        }
        if (index > 0 && header.difficulty() < minimumDifficulty) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "difficulty",
                    header.difficulty(),
                    minimumDifficulty,
                    "difficulty " + header.difficulty() + " is below the minimum " + minimumDifficulty));
        }
        if (!ProofOfWork.meetsDifficulty(hash, header.difficulty())) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "proof_of_work",
                    ProofOfWork.leadingZeroBits(hash),
                    header.difficulty(),
                    "block hash has fewer leading zero bits than its difficulty"));
        }
        return verifyTimestamp(index, header.timestamp(), previousTimestamp);
    }

    // After the hash checks: a changed timestamp is first of all a block that no longer hashes.
    private static Optional<VerificationFailure> verifyTimestamp(long index, String timestamp, String previous) {
        Optional<Instant> instant = LedgerTime.parse(timestamp);
        if (instant.isEmpty()) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "timestamp",
                    timestamp,
                    "UTC ISO-8601 such as 2026-11-25T15:03:06.386Z",
                    "timestamp '" + timestamp + "' is not a UTC ISO-8601 time in the ledger's format"));
        }
        Optional<Instant> before = previous == null ? Optional.empty() : LedgerTime.parse(previous);
        if (before.isPresent()
                && instant.get().plus(LedgerTime.STEP_BACK_TOLERANCE).isBefore(before.get())) {
            return Optional.of(VerificationFailure.ofBlock(
                    index,
                    "timestamp",
                    timestamp,
                    "not before " + previous + " by more than " + LedgerTime.STEP_BACK_TOLERANCE,
                    "timestamp " + timestamp + " is more than " + LedgerTime.STEP_BACK_TOLERANCE.toMinutes()
                            + " minutes before the previous block's " + previous));
        }
        return Optional.empty();
    }

    private static Optional<VerificationFailure> verifyRecord(long blockIndex, int position, LedgerRecord record) {
        String canonical;
        try {
            canonical = CanonicalJson.canonicalize(record.body());
        } catch (IllegalArgumentException e) {
            return Optional.of(VerificationFailure.ofRecord(
                    blockIndex,
                    position,
                    "record_json",
                    "unparseable",
                    "JSON",
                    "record body is not JSON: " + e.getMessage()));
        }
        if (!canonical.equals(record.body())) {
            return Optional.of(VerificationFailure.ofRecord(
                    blockIndex,
                    position,
                    "record_canonical",
                    record.body(),
                    canonical,
                    "record body is not in RFC 8785 canonical form"));
        }
        Sha256 recordHash = LedgerRecord.hashOf(record.body());
        if (!recordHash.equals(record.recordHash())) {
            return Optional.of(VerificationFailure.ofRecord(
                    blockIndex,
                    position,
                    "record_hash",
                    recordHash,
                    record.recordHash(),
                    "record hash computed from the body does not match the stored hash"));
        }
        String type = record.text("type");
        if (!record.type().wireName().equals(type)) {
            return Optional.of(VerificationFailure.ofRecord(
                    blockIndex,
                    position,
                    "record_type",
                    type,
                    record.type().wireName(),
                    "record body type does not match the stored type"));
        }
        return Optional.empty();
    }
}
