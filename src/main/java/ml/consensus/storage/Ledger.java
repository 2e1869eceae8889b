package ml.consensus.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import ml.consensus.NodeProperties;
import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.LedgerTime;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.MinedBlock;
import ml.consensus.ledger.ProofOfWork;
import ml.consensus.ledger.RecordType;
import ml.consensus.ledger.StoredRecord;

/**
 * The chain as stored: appends mined blocks and answers reads. The only class that touches the
 * ledger tables. Appends must run inside the caller's transaction, so a record, its block and
 * whatever the caller commits with them land together or not at all.
 */
@Component
public class Ledger {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    /** Genesis is fixed so that every node with the same base model has the same first block. */
    public static final String GENESIS_TIMESTAMP = "2026-01-01T00:00:00Z";

    private final BlockRepository blocks;
    private final RecordRepository records;
    private final RecordCountRepository counts;
    private final JdbcClient sql;
    private final EntityManager entityManager;
    private final ProofOfWork miner;
    private final Clock clock;
    private final int difficulty;

    Ledger(
            BlockRepository blocks,
            RecordRepository records,
            RecordCountRepository counts,
            JdbcClient sql,
            EntityManager entityManager,
            Clock clock,
            NodeProperties properties) {
        this.blocks = blocks;
        this.records = records;
        this.counts = counts;
        this.sql = sql;
        this.entityManager = entityManager;
        this.miner = new ProofOfWork();
        this.clock = clock;
        this.difficulty = properties.difficulty();
    }

    /** The proof-of-work difficulty this node mines new blocks at. */
    public int difficulty() {
        return difficulty;
    }

    /**
     * Writes the genesis block holding {@code genesisRecord} if the chain is empty; otherwise
     * leaves the chain alone. Returns the block at index 0.
     */
    @Transactional
    public Block initialise(LedgerRecord genesisRecord) {
        Optional<Block> existing = block(0);
        if (existing.isPresent()) {
            return existing.get();
        }
        BlockHeader header = new BlockHeader(
                0, GENESIS_TIMESTAMP, Sha256.ZERO, MerkleTree.root(List.of(genesisRecord.recordHash())), 0, 0);
        return persist(header, List.of(genesisRecord));
    }

    /**
     * Writes {@code verifiedBlocks} as they are into an empty ledger, in one transaction: the
     * restore of a backup. The caller must have verified them; refuses a ledger that has blocks.
     */
    @Transactional
    public void restore(List<Block> verifiedBlocks) {
        if (blocks.count() > 0) {
            throw new IllegalStateException(
                    "restore needs an empty ledger; this one has " + blocks.count() + " blocks");
        }
        for (Block block : verifiedBlocks) {
            if (!block.header().hash().equals(block.hash())) {
                throw new IllegalArgumentException("block " + block.index() + " does not hash to its stored hash");
            }
            persist(block.header(), block.records());
            // persist() has flushed the block; detach it, or every later flush dirty-checks every
            // entity written so far and a 10,000-block restore takes minutes instead of seconds.
            entityManager.clear();
        }
    }

    /**
     * Mines a block holding {@code newRecords} on top of the block {@code expectedHead} and stores it.
     * The records were checked against the ledger as it stood at that head, so if another writer has
     * appended since, this throws {@link HeadMovedException} and writes nothing. Two writers racing
     * past that check both try to store the same block index: the primary key on the index lets
     * exactly one commit, the other fails with a {@code DataIntegrityViolationException}.
     * Requires an open transaction (the caller's); throws if the chain has no genesis yet.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public MinedBlock append(long expectedHead, Sha256 expectedHeadHash, List<LedgerRecord> newRecords) {
        if (newRecords.isEmpty()) {
            throw new IllegalArgumentException("a block needs at least one record");
        }
        BlockEntity head = blocks.findTopByOrderByBlockIndexDesc()
                .orElseThrow(() -> new IllegalStateException("the ledger has no genesis block"));
        if (head.blockIndex() != expectedHead || !head.hash().equals(expectedHeadHash)) {
            throw new HeadMovedException(expectedHead, head.blockIndex());
        }
        List<Sha256> leaves = newRecords.stream().map(LedgerRecord::recordHash).toList();
        // Never before the head: the verifier refuses a block much earlier than its predecessor,
        // and nodes sharing a database need not agree on the time.
        String timestamp = LedgerTime.notBefore(now(), head.header().timestamp());
        BlockHeader template =
                new BlockHeader(head.blockIndex() + 1, timestamp, head.hash(), MerkleTree.root(leaves), difficulty, 0);
        ProofOfWork.Mined mined = miner.mine(template, ProofOfWork.PROGRESS_INTERVAL, Ledger::stillMining);
        return new MinedBlock(persist(mined.header(), newRecords), mined.noncesTried(), mined.nanos());
    }

    /**
     * Mines a block holding {@code newRecords} on top of the block {@code head} (index and hash)
     * without storing it: in cluster mode the block goes through the replicated log first, and
     * every node stores it with {@link #store} once it is committed. Only reads the head's time.
     */
    public MinedBlock mine(long head, Sha256 headHash, List<LedgerRecord> newRecords) {
        if (newRecords.isEmpty()) {
            throw new IllegalArgumentException("a block needs at least one record");
        }
        List<Sha256> leaves = newRecords.stream().map(LedgerRecord::recordHash).toList();
        // Never before the head, as append does: every node's verifier refuses a block much earlier
        // than its predecessor, and the nodes of a cluster need not agree on the time.
        String headTime = blocks.findById(head)
                .map(b -> b.header().timestamp())
                .orElseThrow(() -> new IllegalStateException("this ledger has no block " + head + " to mine on"));
        String timestamp = LedgerTime.notBefore(now(), headTime);
        BlockHeader template = new BlockHeader(head + 1, timestamp, headHash, MerkleTree.root(leaves), difficulty, 0);
        ProofOfWork.Mined mined = miner.mine(template, ProofOfWork.PROGRESS_INTERVAL, Ledger::stillMining);
        return new MinedBlock(
                new Block(mined.header(), mined.header().hash(), newRecords), mined.noncesTried(), mined.nanos());
    }

    /**
     * Stores a block mined elsewhere, exactly as it is, on top of the current head. The caller
     * must have verified it on top of that head; this only re-checks the link, and throws
     * {@link HeadMovedException} (writing nothing) when the head is not the block's parent.
     * Requires an open transaction (the caller's).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Block store(Block verified) {
        BlockEntity head = blocks.findTopByOrderByBlockIndexDesc()
                .orElseThrow(() -> new IllegalStateException("the ledger has no genesis block"));
        if (head.blockIndex() + 1 != verified.index()
                || !head.hash().equals(verified.header().previousHash())) {
            throw new HeadMovedException(verified.index() - 1, head.blockIndex());
        }
        if (!verified.header().hash().equals(verified.hash())) {
            throw new IllegalArgumentException("block " + verified.index() + " does not hash to its stored hash");
        }
        return persist(verified.header(), verified.records());
    }

    /** A progress line for a block that takes more than a second to mine (high difficulty, bad luck). */
    private static void stillMining(BlockHeader template, long noncesTried, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        log.atInfo()
                .addKeyValue("block_index", template.index())
                .addKeyValue("difficulty", template.difficulty())
                .addKeyValue("elapsed_ms", elapsed.toMillis())
                .addKeyValue("nonces_tried", noncesTried)
                .log(
                        "still mining block {} at difficulty {}: {} s, about {} nonces tried ({} hashes/s)",
                        template.index(),
                        template.difficulty(),
                        String.format(Locale.ROOT, "%.1f", seconds),
                        noncesTried,
                        Math.round(noncesTried / seconds));
    }

    private Block persist(BlockHeader header, List<LedgerRecord> blockRecords) {
        Sha256 hash = header.hash();
        blocks.save(new BlockEntity(header, hash, blockRecords.size()));
        List<RecordEntity> rows = new ArrayList<>();
        for (int i = 0; i < blockRecords.size(); i++) {
            LedgerRecord record = blockRecords.get(i);
            rows.add(new RecordEntity(record, header.index(), i, RecordKeys.of(record)));
        }
        records.saveAll(rows);
        // Flush now so a broken uniqueness rule fails this call, not a later commit.
        records.flush();
        countRecords(blockRecords);
        return new Block(header, hash, blockRecords);
    }

    /** Keeps record_counts in step with the records, in the same transaction. */
    private void countRecords(List<LedgerRecord> added) {
        Map<String, Long> byType = new LinkedHashMap<>();
        added.forEach(r -> byType.merge(r.type().wireName(), 1L, Long::sum));
        byType.forEach((type, delta) -> {
            if (counts.increment(type, delta) == 0) {
                counts.saveAndFlush(new RecordCountEntity(type, delta));
            }
        });
    }

    private String now() {
        return LedgerTime.now(clock);
    }

    /** The newest block. */
    @Transactional(readOnly = true)
    public Block head() {
        BlockEntity head = blocks.findTopByOrderByBlockIndexDesc()
                .orElseThrow(() -> new IllegalStateException("the ledger has no genesis block"));
        return withRecords(head);
    }

    /** Number of blocks, genesis included. */
    @Transactional(readOnly = true)
    public long chainLength() {
        return blocks.findTopByOrderByBlockIndexDesc()
                .map(b -> b.blockIndex() + 1)
                .orElse(0L);
    }

    /** Number of records on the chain, genesis record included; read from maintained counts. */
    @Transactional(readOnly = true)
    public long totalRecords() {
        return counts.total();
    }

    /** Number of records of one type; read from maintained counts, whatever the ledger's length. */
    @Transactional(readOnly = true)
    public long countRecords(RecordType type) {
        // A query, not findById: inside a transaction that wrote blocks, findById returns the entity
        // cached when its row was first saved, which the bulk increments have since passed by.
        return counts.countOf(type.wireName()).orElse(0L);
    }

    @Transactional(readOnly = true)
    public Optional<Block> block(long index) {
        return blocks.findById(index).map(this::withRecords);
    }

    /** Up to {@code limit} blocks from {@code fromIndex} upwards, with their records. */
    @Transactional(readOnly = true)
    public List<Block> blocks(long fromIndex, int limit) {
        List<BlockEntity> page =
                blocks.findByBlockIndexGreaterThanEqualOrderByBlockIndexAsc(fromIndex, PageRequest.of(0, limit));
        if (page.isEmpty()) {
            return List.of();
        }
        long last = page.get(page.size() - 1).blockIndex();
        return assemble(page, records.findByBlockIndexBetweenOrderByBlockIndexAscPositionAsc(fromIndex, last));
    }

    /** Blocks 0 to {@code lastIndex} with their records: the chain as a node had followed it. */
    @Transactional(readOnly = true)
    public List<Block> chainThrough(long lastIndex) {
        return assemble(
                blocks.findByBlockIndexLessThanEqualOrderByBlockIndexAsc(lastIndex),
                records.findByBlockIndexBetweenOrderByBlockIndexAscPositionAsc(0, lastIndex));
    }

    /** The whole chain, for verification. */
    @Transactional(readOnly = true)
    public List<Block> allBlocks() {
        return assemble(blocks.findAllByOrderByBlockIndexAsc(), records.findAllByOrderByBlockIndexAscPositionAsc());
    }

    private List<Block> assemble(List<BlockEntity> blockRows, List<RecordEntity> recordRows) {
        Map<Long, List<LedgerRecord>> byBlock = new LinkedHashMap<>();
        for (RecordEntity row : recordRows) {
            byBlock.computeIfAbsent(row.blockIndex(), k -> new ArrayList<>())
                    .add(row.toStoredRecord().record());
        }
        return blockRows.stream()
                .map(b -> new Block(b.header(), b.hash(), byBlock.getOrDefault(b.blockIndex(), List.of())))
                .toList();
    }

    private Block withRecords(BlockEntity entity) {
        List<LedgerRecord> blockRecords = records.findByBlockIndexOrderByPositionAsc(entity.blockIndex()).stream()
                .map(r -> r.toStoredRecord().record())
                .toList();
        return new Block(entity.header(), entity.hash(), blockRecords);
    }

    /** Records in chain order, optionally of one type, a page at a time. */
    @Transactional(readOnly = true)
    public List<StoredRecord> records(Optional<RecordType> type, int page, int size) {
        PageRequest request = PageRequest.of(page, size);
        List<RecordEntity> rows = type.map(
                        t -> records.findByTypeOrderByBlockIndexAscPositionAsc(t.wireName(), request))
                .orElseGet(() -> records.findByOrderByBlockIndexAscPositionAsc(request));
        return rows.stream().map(RecordEntity::toStoredRecord).toList();
    }

    /**
     * Records of any of {@code types} in chain order (block index, then position), a page at a
     * time. Each type is read as one range of the type index, cut at the end of the page, and the
     * ranges are merged: a page costs what the same page of one type costs, times the number of
     * types, however many records of those types the ledger holds. Requires at least one type.
     */
    @Transactional(readOnly = true)
    public List<StoredRecord> records(Set<RecordType> types, int page, int size) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("name at least one record type");
        }
        if (types.size() == 1) {
            return records(Optional.of(types.iterator().next()), page, size);
        }
        long offset = (long) page * size;
        // Plain standard SQL, the same on H2 and PostgreSQL: a parenthesised branch may carry its own
        // ORDER BY and FETCH FIRST, so each stops after offset + size rows of its index range. The
        // row counts are written into the text (numbers, never user text). As parameters, H2 2.4.240
        // answers some pages short or empty once several connections run the statement: its result
        // reuse (OPTIMIZE_REUSE_RESULTS) serves a branch rows of an earlier run with another FETCH FIRST.
        // Reproduced outside the node with three connections; gone with the setting off or literals.
        String branch = "(select record_hash, block_index, record_position, record_type, body from records"
                + " where record_type = ? order by block_index, record_position fetch first " + (offset + size)
                + " rows only)";
        String query = "select record_hash, block_index, record_position, record_type, body from ("
                + String.join(" union all ", Collections.nCopies(types.size(), branch))
                + ") merged order by block_index, record_position offset " + offset + " rows fetch next " + size
                + " rows only";
        return sql.sql(query)
                .params(types.stream().map(RecordType::wireName).toList())
                .query((row, n) -> StoredRecord.fromColumns(
                        row.getString(1), row.getLong(2), row.getInt(3), row.getString(4), row.getString(5)))
                .list();
    }

    /** The proposal, its votes and its apply, in chain order. */
    @Transactional(readOnly = true)
    public List<StoredRecord> recordsAbout(Sha256 proposalHash) {
        return records.findByProposalHashOrderByBlockIndexAscPositionAsc(proposalHash.hex()).stream()
                .map(RecordEntity::toStoredRecord)
                .map(stored ->
                        checkedAgainstBody(stored, "proposal_hash", proposalHash.hex(), RecordKeys::proposalHash))
                .toList();
    }

    /**
     * {@code stored} if the index column it was found by holds what its body says; otherwise
     * throws {@link LedgerIndexException}, so that no decision is taken on an edited column.
     */
    private static StoredRecord checkedAgainstBody(
            StoredRecord stored, String column, String lookedUp, java.util.function.Function<RecordKeys, String> key) {
        String fromBody;
        try {
            fromBody = key.apply(RecordKeys.of(stored.record()));
        } catch (IllegalArgumentException unreadable) {
            // A body that is not JSON fails the chain's own check (the node is then read-only);
            // reads still serve what is stored.
            return stored;
        }
        if (!lookedUp.equals(fromBody)) {
            throw LedgerIndexException.of(stored.record().recordHash().hex(), column, lookedUp, fromBody);
        }
        return stored;
    }

    /** Up to {@code limit} records whose hash starts with {@code hexPrefix}. */
    @Transactional(readOnly = true)
    public List<StoredRecord> findByRecordHashPrefix(String hexPrefix, int limit) {
        return records.findByRecordHashStartingWithOrderByRecordHash(hexPrefix, PageRequest.of(0, limit)).stream()
                .map(RecordEntity::toStoredRecord)
                .toList();
    }

    /*
     * Indexed look-ups by the keys the database keeps unique: each answers in constant time
     * however many votes a proposal has, so checking a vote does not grow with the ledger.
     */

    /*
     * The look-ups below run for every vote a node checks, so they are plain SQL over the
     * unique-key and proposal indexes: through JPA each cost several times as much (a session,
     * a query plan, an entity) for a row that is only read once. They join the caller's
     * transaction like the repository calls do.
     */

    /** The proposal record with this hash. */
    @Transactional(readOnly = true)
    public Optional<StoredRecord> proposalRecord(Sha256 proposalHash) {
        return recordByUniqueKey(RecordKeys.proposalKey(proposalHash.hex()));
    }

    /** The vote of {@code validatorId} on this proposal, if any. */
    @Transactional(readOnly = true)
    public Optional<StoredRecord> voteRecord(Sha256 proposalHash, String validatorId) {
        return recordByUniqueKey(RecordKeys.voteKey(proposalHash.hex(), validatorId));
    }

    /** The update that applied this proposal, if any. */
    @Transactional(readOnly = true)
    public Optional<StoredRecord> applyRecord(Sha256 proposalHash) {
        return recordByUniqueKey(RecordKeys.applyKey(proposalHash.hex()));
    }

    private Optional<StoredRecord> recordByUniqueKey(String uniqueKey) {
        return sql.sql("select record_hash, block_index, record_position, record_type, body"
                        + " from records where unique_key = ?")
                .param(uniqueKey)
                .query((row, n) -> StoredRecord.fromColumns(
                        row.getString(1), row.getLong(2), row.getInt(3), row.getString(4), row.getString(5)))
                .optional()
                .map(stored -> checkedAgainstBody(stored, "unique_key", uniqueKey, RecordKeys::uniqueKey));
    }

    /**
     * How many votes each way this proposal has on the ledger, and the block of its apply if it
     * was applied: one query over the proposal index.
     */
    @Transactional(readOnly = true)
    public ProposalCounts countsAbout(Sha256 proposalHash) {
        ProposalCounts[] counted = {ProposalCounts.NONE};
        // The columns counted are copies of body fields, which no hash covers: each row counted must
        // also carry them in its hashed body, or an edited column would move a vote between
        // proposals or turn a rejection into an approval. In canonical JSON a key and its string
        // value appear literally ("key":"value"); a quote inside a string value is escaped, so a
        // value cannot forge the pair. Still one pass over the proposal index, no body parsed.
        String hash = proposalHash.hex();
        sql.sql("select record_type, count(*), min(block_index), sum(case when position(? in body) > 0"
                        + " and position(concat('\"type\":\"', record_type, '\"') in body) > 0 then 0 else 1 end)"
                        + " from records where proposal_hash = ? group by record_type")
                .param("\"proposal_hash\":\"" + hash + "\"")
                .param(hash)
                .query(row -> {
                    if (row.getLong(4) > 0) {
                        throw new LedgerIndexException("the ledger's index disagrees with " + row.getLong(4) + " "
                                + row.getString(1) + " record(s) filed under proposal " + hash
                                + ": their proposal_hash or record_type column is not what their hashed body says;"
                                + " the database was changed behind the node");
                    }
                    counted[0] = counted[0].with(row.getString(1), row.getLong(2), row.getLong(3));
                });
        return counted[0];
    }

    /**
     * Up to {@code limit} proposal hashes starting with {@code hexPrefix}, through the unique-key index.
     *
     * @throws IllegalArgumentException if the prefix is not lower-case hex: it goes into a LIKE
     *     pattern, where {@code _} and {@code %} would match any proposal
     */
    @Transactional(readOnly = true)
    public List<String> proposalHashesStartingWith(String hexPrefix, int limit) {
        if (!hexPrefix.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a proposal hash prefix is lower-case hex, not '" + hexPrefix + "'");
        }
        String keyPrefix = RecordKeys.proposalKey(hexPrefix);
        return records.findUniqueKeysStartingWith(keyPrefix, PageRequest.of(0, limit)).stream()
                .map(key -> key.substring(RecordKeys.proposalKey("").length()))
                .toList();
    }
}
