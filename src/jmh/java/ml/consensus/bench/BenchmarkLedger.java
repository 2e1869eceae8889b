package ml.consensus.bench;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import ml.consensus.hashing.Sha256;
import ml.consensus.ledger.Block;
import ml.consensus.ledger.BlockHeader;
import ml.consensus.ledger.ChainVerifier;
import ml.consensus.ledger.LedgerRecord;
import ml.consensus.ledger.MerkleTree;
import ml.consensus.ledger.ProofOfWork;
import ml.consensus.ledger.RecordType;
import ml.consensus.model.BaseModel;
import ml.consensus.model.EmbeddingModel;
import ml.consensus.model.SkipGramTrainer;
import ml.consensus.model.TrainingResult;
import ml.consensus.rules.ConsensusRecords;
import ml.consensus.rules.LedgerRules;
import ml.consensus.rules.ProposalContent;
import ml.consensus.rules.VoteKind;
import ml.consensus.rules.VotingRules;
import ml.consensus.validator.Ed25519;
import ml.consensus.validator.LedgerBinding;
import ml.consensus.validator.ValidatorKey;
import ml.consensus.validator.ValidatorSet;
import ml.consensus.validator.VoteMessage;
import ml.consensus.validator.VoteSignature;
import ml.consensus.verification.ModelReplay;

/**
 * A benchmark fixture: a valid ledger written record by record the way {@code ConsensusService}
 * writes one, one record per block, mined, with real training and real Ed25519 signatures. It
 * uses {@link ConsensusRecords}, so its records are the real ones.
 *
 * <p>The history repeats one cycle of four blocks under a 2-of-3 validator set: a proposal of
 * three sentences of the base corpus (no new words, so the model keeps its size), two signed
 * approvals, the apply. Blocks are mined at {@link #DIFFICULTY} rather than the default 16 to
 * keep set-up short; checking proof of work costs one header hash whatever the difficulty.
 */
public final class BenchmarkLedger {

    /** Proof-of-work difficulty of the generated blocks, and the verifier's minimum. */
    public static final int DIFFICULTY = 8;

    private static final List<String> VALIDATORS = List.of("validator-alice", "validator-bob", "validator-carol");
    private static final double LEARNING_RATE = 0.05;

    /** The generated blocks and what it takes to verify them. */
    public record Generated(List<Block> blocks, VotingRules votingRules, EmbeddingModel base, int updates) {

        public ChainVerifier chainVerifier() {
            return new ChainVerifier(DIFFICULTY);
        }

        public LedgerRules ledgerRules() {
            return new LedgerRules(votingRules);
        }

        /** The first {@code count} blocks: a shorter history of the same shape. */
        public Generated prefix(int count) {
            List<Block> head = blocks.subList(0, count);
            int applied = (int) head.stream()
                    .flatMap(b -> b.records().stream())
                    .filter(r -> r.type() == RecordType.MODEL_UPDATE_APPROVED)
                    .count();
            return new Generated(List.copyOf(head), votingRules, base, applied);
        }
    }

    private BenchmarkLedger() {}

    /**
     * A valid ledger of {@code blockCount} blocks (genesis included). Throws IllegalStateException
     * if the result does not pass {@link ChainVerifier}, {@link LedgerRules} and {@link ModelReplay},
     * so that no benchmark ever times the path of an early failure.
     */
    public static Generated generate(int blockCount) {
        List<byte[]> privateKeys =
                VALIDATORS.stream().map(BenchmarkLedger::privateKey).toList();
        ValidatorSet set = validatorSet();
        EmbeddingModel base = BaseModel.create();
        EmbeddingModel model = base.copy();
        SkipGramTrainer trainer = new SkipGramTrainer();
        ProofOfWork miner = new ProofOfWork();
        List<Block> blocks = new ArrayList<>(blockCount);
        blocks.add(genesis(base));
        int updates = 0;
        for (int cycle = 0; blocks.size() < blockCount; cycle++) {
            List<String> texts = List.of(corpus(3 * cycle), corpus(3 * cycle + 1), corpus(3 * cycle + 2));
            ProposalContent content = new ProposalContent(
                    texts, LEARNING_RATE, model.trainingSteps(), model.hash(), timestamp(blocks.size()), false);
            Sha256 proposalHash = content.hash();
            append(blocks, miner, ConsensusRecords.proposal(proposalHash, content));
            List<String> approvers = List.of(VALIDATORS.get(cycle % 3), VALIDATORS.get((cycle + 1) % 3));
            for (String validator : approvers) {
                if (blocks.size() < blockCount) {
                    byte[] privateKey = privateKeys.get(VALIDATORS.indexOf(validator));
                    byte[] signature = Ed25519.sign(
                            privateKey,
                            VoteMessage.bytes(
                                    LedgerBinding.LEGACY, VoteMessage.APPROVE, proposalHash.hex(), validator));
                    VoteSignature signed = new VoteSignature(
                            HexFormat.of().formatHex(signature),
                            HexFormat.of().formatHex(Ed25519.publicKeyOf(privateKey)));
                    append(
                            blocks,
                            miner,
                            ConsensusRecords.vote(
                                    VoteKind.APPROVE,
                                    proposalHash,
                                    validator,
                                    timestamp(blocks.size()),
                                    Optional.of(signed)));
                }
            }
            if (blocks.size() < blockCount) {
                Sha256 before = model.hash();
                TrainingResult result = trainer.train(model, texts, LEARNING_RATE, proposalHash);
                append(
                        blocks,
                        miner,
                        ConsensusRecords.modelUpdate(
                                proposalHash,
                                model.trainingSteps(),
                                approvers,
                                set.validatorsRequired(),
                                false,
                                timestamp(blocks.size()),
                                result,
                                before,
                                model.hash()));
                updates++;
            }
        }
        Generated generated = new Generated(List.copyOf(blocks), VotingRules.signedBy(set), base, updates);
        check(generated);
        return generated;
    }

    /** The 2-of-3 validator set whose keys sign the generated votes: what a node must be given to take the ledger. */
    public static ValidatorSet validatorSet() {
        return new ValidatorSet(
                2,
                VALIDATORS.stream()
                        .map(id -> new ValidatorKey(id, HexFormat.of().formatHex(Ed25519.publicKeyOf(privateKey(id)))))
                        .toList());
    }

    /** A fixed private key per validator (all bytes 1, 2 or 3), so that every run generates the same ledger. */
    private static byte[] privateKey(String validator) {
        byte[] seed = new byte[Ed25519.PRIVATE_KEY_LENGTH];
        Arrays.fill(seed, (byte) (VALIDATORS.indexOf(validator) + 1));
        return seed;
    }

    private static void check(Generated ledger) {
        var chain = ledger.chainVerifier().verify(ledger.blocks());
        if (!chain.isValid()) {
            throw new IllegalStateException("generated ledger fails chain verification: " + chain);
        }
        ledger.ledgerRules().check(ledger.blocks()).ifPresent(failure -> {
            throw new IllegalStateException("generated ledger breaks a rule: " + failure);
        });
        ModelReplay.Outcome replay = new ModelReplay().replay(ledger.blocks(), -1, ledger.base());
        if (!replay.isValid() || replay.updatesReplayed() != ledger.updates()) {
            throw new IllegalStateException("generated ledger does not replay: " + replay.failure());
        }
    }

    private static String corpus(int i) {
        return BaseModel.CORPUS.get(i % BaseModel.CORPUS.size());
    }

    /** One block a second from 2026-11-25T12:00:00, with milliseconds, as the node writes them. */
    private static String timestamp(int blockIndex) {
        Instant instant =
                Instant.parse("2026-11-25T12:00:00.000Z").plusMillis(blockIndex * 1000L + 1 + blockIndex % 997);
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static Block genesis(EmbeddingModel base) {
        List<LedgerRecord> records = List.of(ConsensusRecords.genesis(base));
        BlockHeader header = new BlockHeader(0, "2026-01-01T00:00:00Z", Sha256.ZERO, root(records), 0, 0);
        return new Block(header, header.hash(), records);
    }

    private static void append(List<Block> blocks, ProofOfWork miner, LedgerRecord record) {
        List<LedgerRecord> records = List.of(record);
        Block previous = blocks.get(blocks.size() - 1);
        BlockHeader template =
                new BlockHeader(blocks.size(), timestamp(blocks.size()), previous.hash(), root(records), DIFFICULTY, 0);
        BlockHeader mined = miner.mine(template);
        blocks.add(new Block(mined, mined.hash(), records));
    }

    private static Sha256 root(List<LedgerRecord> records) {
        return MerkleTree.root(records.stream().map(LedgerRecord::recordHash).toList());
    }
}
