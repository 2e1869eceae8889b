package ml.consensus.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient;
import ml.consensus.support.NodeClient.Answer;
import ml.consensus.support.NodeIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 64 clients, each with its own {@code java.net.http} client, writing and reading at once: repeated
 * votes, racing validators, simultaneous applies of the same proposal, and a seeded mixed load.
 * Whatever the interleaving, every acknowledged (200) write is on the chain exactly once, in the
 * block its answer named; no refused write leaves a trace; the chain stays one linked line of
 * blocks; and {@code /verify} replays it to the model the node serves.
 *
 * <p>Two approvals are required (open mode, so N = M = 2 and one rejection before quorum rejects),
 * which gives races between approvals and rejections something to decide.
 */
@TestPropertySource(properties = "consensus.validators-required=2")
class ConcurrencyIntegrationTests extends NodeIntegrationTest {

    private static final int CLIENTS = 64;
    private static final int OPERATIONS_PER_CLIENT = 10;
    private static final int VERIFY_READERS = 16;
    private static final List<String> VALIDATORS = List.of("validator-a", "validator-b", "validator-c", "validator-d");
    private static final List<String> WORDS = List.of(
            "fever",
            "cough",
            "headache",
            "nausea",
            "rash",
            "fatigue",
            "dizziness",
            "chills",
            "sore",
            "throat",
            "pain",
            "temperature",
            "shivering",
            "wheezing",
            "vomiting");
    private static final AtomicInteger BATCH = new AtomicInteger();

    @LocalServerPort
    private int port;

    private ExecutorService pool;
    private NodeClient[] clients;

    /** One request and its answer, with the refusal's reason when it was refused. */
    private record Outcome(String operation, String proposalHash, String validator, Answer answer) {

        boolean isWrite() {
            return !operation.startsWith("read");
        }

        int status() {
            return answer.status();
        }

        long blockIndex() {
            JsonNode json = answer.json();
            return switch (operation) {
                case "propose" -> json.get("proposal").get("block_index").asLong();
                case "approve" -> json.get("approval").get("block_index").asLong();
                case "reject" -> json.get("rejection").get("block_index").asLong();
                case "apply" -> json.get("metrics").get("block_index").asLong();
                default -> throw new IllegalStateException(operation + " writes no block");
            };
        }

        /** The same key as {@link ConcurrencyIntegrationTests#key(JsonNode)} gives the record this write made. */
        String key() {
            return recordType() + ":" + proposalHash + ":" + validator;
        }

        String recordType() {
            return switch (operation) {
                case "propose" -> "training_proposal";
                case "approve" -> "validator_approval";
                case "reject" -> "validator_rejection";
                case "apply" -> "model_update_approved";
                default -> throw new IllegalStateException(operation + " writes no record");
            };
        }

        /** "200", or the status with the refusal's reason as the detail tells it. */
        String verdict() {
            if (answer.status() == 200) {
                return "200";
            }
            String detail = answer.json() == null || answer.json().get("detail") == null
                    ? answer.raw()
                    : answer.json().get("detail").asString();
            String reason;
            if (detail.contains("already voted")) {
                reason = "repeated vote";
            } else if (detail.contains("votes are closed") && detail.contains("rejected")) {
                reason = "vote on a rejected proposal";
            } else if (detail.contains("votes are closed")) {
                reason = "vote on an applied proposal";
            } else if (detail.contains("was already applied")) {
                reason = "already applied";
            } else if (detail.contains("is not approved")) {
                reason = "apply before quorum";
            } else if (detail.contains("can never be applied")) {
                reason = "apply of a rejected proposal";
            } else if (detail.contains("the model changed since")) {
                reason = "model changed since the proposal";
            } else if (detail.contains("conflicts with a record already on the ledger")) {
                reason = "uniqueness rule (database)";
            } else {
                reason = RawClient.abbreviate(detail);
            }
            return answer.status() + " " + reason;
        }

        @Override
        public String toString() {
            return operation + " " + proposalHash + " " + validator + " -> " + answer.status() + " "
                    + RawClient.abbreviate(answer.raw());
        }
    }

    @BeforeEach
    void startClients() throws Exception {
        pool = Executors.newFixedThreadPool(CLIENTS);
        clients = new NodeClient[CLIENTS];
        List<Future<?>> warmUps = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            NodeClient client = new NodeClient(port);
            clients[i] = client;
            // Open each client's connection first, so that barrier-released requests really collide.
            warmUps.add(pool.submit(() -> client.get("/model-info")));
        }
        for (Future<?> warmUp : warmUps) {
            warmUp.get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    // ---------------------------------------------------------------- the same vote twice at once

    @Test
    void shouldCountExactlyOneOfTwoIdenticalVotesSentAtTheSameInstant() throws Exception {
        List<String> proposals = new ArrayList<>();
        for (int p = 0; p < CLIENTS / 2; p++) {
            proposals.add(propose(batch("twin vote"), 0.01));
        }
        List<Function<NodeClient, Outcome>> calls = new ArrayList<>();
        List<String> pairKinds = new ArrayList<>();
        for (int p = 0; p < proposals.size(); p++) {
            String hash = proposals.get(p);
            // 16 approve + approve, 8 reject + reject, 8 approve + reject: one slot per validator and proposal.
            String first = p >= 16 && p < 24 ? "reject" : "approve";
            String second = p < 16 ? "approve" : "reject";
            pairKinds.add(first + "+" + second);
            String kindOne = first;
            String kindTwo = second;
            calls.add(c -> vote(c, kindOne, hash, "validator-twin"));
            calls.add(c -> vote(c, kindTwo, hash, "validator-twin"));
        }
        List<Outcome> outcomes = fireTogether(calls);

        ChainView chain = ChainView.read(node);
        for (int p = 0; p < proposals.size(); p++) {
            String hash = proposals.get(p);
            Outcome one = outcomes.get(2 * p);
            Outcome two = outcomes.get(2 * p + 1);
            assertThat(List.of(one.status(), two.status()))
                    .as("%s of %s by one validator at once: %s, %s", pairKinds.get(p), hash, one, two)
                    .containsExactlyInAnyOrder(200, 409);
            Outcome accepted = one.status() == 200 ? one : two;
            Outcome refused = one.status() == 200 ? two : one;
            RawClient.assertProblem(refused.answer(), refused.toString());
            List<JsonNode> votes = new ArrayList<>(chain.recordsAbout(hash, "validator_approval"));
            votes.addAll(chain.recordsAbout(hash, "validator_rejection"));
            assertThat(votes).as("votes on %s", hash).hasSize(1);
            assertThat(votes.get(0).get("type").asString()).isEqualTo(accepted.recordType());
            assertThat(votes.get(0).get("validator_id").asString()).isEqualTo("validator-twin");
            assertThat(votes.get(0).get("block_index").asLong()).isEqualTo(accepted.blockIndex());
        }
        assertConsistent(chain);
        printSummary("identical votes at one instant", CLIENTS, outcomes, 0);
    }

    // ---------------------------------------------------------------- validators racing on one proposal

    @Test
    void shouldReachOneOutcomeConsistentWithTheChainWhenValidatorsRace() throws Exception {
        List<String> proposals = new ArrayList<>();
        for (int p = 0; p < CLIENTS / 4; p++) {
            proposals.add(propose(batch("validator race"), 0.01));
        }
        List<Function<NodeClient, Outcome>> calls = new ArrayList<>();
        for (String hash : proposals) {
            calls.add(c -> vote(c, "approve", hash, "validator-a"));
            calls.add(c -> vote(c, "approve", hash, "validator-b"));
            calls.add(c -> vote(c, "approve", hash, "validator-c"));
            calls.add(c -> vote(c, "reject", hash, "validator-d"));
        }
        // Requests released together still tend to queue in submission order; mix them up.
        Collections.shuffle(calls, new Random(20261125));
        List<Outcome> outcomes = fireTogether(calls);

        ChainView chain = ChainView.read(node);
        Map<String, Integer> finalStates = new TreeMap<>();
        for (int p = 0; p < proposals.size(); p++) {
            String hash = proposals.get(p);
            List<Outcome> mine =
                    outcomes.stream().filter(o -> o.proposalHash().equals(hash)).toList();
            assertThat(mine).hasSize(4);
            List<JsonNode> votes = chain.records().stream()
                    .filter(r -> hash.equals(r.path("proposal_hash").asString(null)))
                    .filter(r -> r.get("type").asString().startsWith("validator_"))
                    .toList();
            // Exactly the accepted votes are on the chain, each in the block its answer named.
            Map<String, Long> onChain = new LinkedHashMap<>();
            votes.forEach(v -> onChain.put(
                    v.get("validator_id").asString() + ":" + v.get("type").asString(),
                    v.get("block_index").asLong()));
            Map<String, Long> accepted = new LinkedHashMap<>();
            for (Outcome outcome : mine) {
                assertThat(outcome.status()).as(outcome.toString()).isIn(200, 409);
                if (outcome.status() == 200) {
                    accepted.put(outcome.validator() + ":" + outcome.recordType(), outcome.blockIndex());
                } else {
                    RawClient.assertProblem(outcome.answer(), outcome.toString());
                    assertThat(outcome.verdict()).as(outcome.toString()).isEqualTo("409 vote on a rejected proposal");
                }
            }
            assertThat(onChain).as("votes on %s", hash).isEqualTo(accepted);
            // Replaying the votes in chain order under the policy gives the state the node reports,
            // and no vote was taken after the proposal closed.
            int approvals = 0;
            int rejections = 0;
            for (JsonNode vote : votes) {
                boolean closed = approvals < 2 && rejections > 0;
                assertThat(closed)
                        .as("a vote on %s was taken after it was rejected: %s", hash, votes)
                        .isFalse();
                if (vote.get("type").asString().equals("validator_approval")) {
                    approvals++;
                } else {
                    rejections++;
                }
            }
            String expected = approvals >= 2 ? "approved" : rejections > 0 ? "rejected" : "proposed";
            Answer proposal = node.get("/decentralized/proposals/" + hash);
            assertThat(proposal.text("state")).as(proposal.raw()).isEqualTo(expected);
            assertThat(proposal.number("approvals")).isEqualTo(approvals);
            assertThat(proposal.number("rejections")).isEqualTo(rejections);
            finalStates.merge(expected, 1, Integer::sum);
        }
        assertConsistent(chain);
        printSummary(
                "3 approvals and 1 rejection per proposal at one instant, final states " + finalStates,
                CLIENTS,
                outcomes,
                0);
    }

    // ---------------------------------------------------------------- simultaneous applies

    /** Sends {@code copies} applies of each proposal, all at one instant. */
    private List<Outcome> applyEachAtOnce(List<String> proposals, int copies) throws Exception {
        List<Function<NodeClient, Outcome>> calls = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            for (String hash : proposals) {
                calls.add(c -> apply(c, hash));
            }
        }
        return fireTogether(calls);
    }

    @Test
    void shouldApplyEachApprovedProposalExactlyOnceWhenEightAppliesCollide() throws Exception {
        List<String> proposals = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            proposals.add(approvedProposal(batch("apply race"), true));
        }
        LedgerSnapshot before = snapshot();
        List<Outcome> outcomes = applyEachAtOnce(proposals, 8);

        ChainView chain = ChainView.read(node);
        List<Outcome> applied = new ArrayList<>();
        for (String hash : proposals) {
            List<Outcome> mine =
                    outcomes.stream().filter(o -> o.proposalHash().equals(hash)).toList();
            assertThat(mine.stream().filter(o -> o.status() == 200))
                    .as("accepted applies of %s: %s", hash, mine)
                    .hasSize(1);
            mine.stream().filter(o -> o.status() != 200).forEach(o -> {
                assertThat(o.verdict()).as(o.toString()).isEqualTo("409 already applied");
                RawClient.assertProblem(o.answer(), o.toString());
            });
            Outcome accepted =
                    mine.stream().filter(o -> o.status() == 200).findFirst().orElseThrow();
            applied.add(accepted);
            List<JsonNode> updates = chain.recordsAbout(hash, "model_update_approved");
            assertThat(updates).as("updates of %s", hash).hasSize(1);
            assertThat(updates.get(0).get("block_index").asLong()).isEqualTo(accepted.blockIndex());
        }
        assertAppliesFormOneLine(chain, applied, before);
        assertConsistent(chain);
        printSummary("8 simultaneous applies of each of 8 approved proposals", CLIENTS, outcomes, 0);
    }

    @Test
    void shouldApplyOnlyOneOfSeveralProposalsMadeAgainstTheSameModel() throws Exception {
        List<String> proposals = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            proposals.add(approvedProposal(batch("same base"), false));
        }
        LedgerSnapshot before = snapshot();
        List<Outcome> outcomes = applyEachAtOnce(proposals, 8);

        List<Outcome> accepted =
                outcomes.stream().filter(o -> o.status() == 200).toList();
        assertThat(accepted)
                .as("only one update may be trained on model %s", before.modelHash())
                .hasSize(1);
        outcomes.stream().filter(o -> o.status() != 200).forEach(o -> {
            assertThat(o.verdict())
                    .as(o.toString())
                    .isIn("409 already applied", "409 model changed since the proposal");
            RawClient.assertProblem(o.answer(), o.toString());
        });
        ChainView chain = ChainView.read(node);
        for (String hash : proposals) {
            int expected = hash.equals(accepted.get(0).proposalHash()) ? 1 : 0;
            assertThat(chain.recordsAbout(hash, "model_update_approved"))
                    .as("updates of %s", hash)
                    .hasSize(expected);
        }
        assertAppliesFormOneLine(chain, accepted, before);
        assertConsistent(chain);
        printSummary("8 simultaneous applies of each of 8 proposals made against one model", CLIENTS, outcomes, 0);
    }

    // ---------------------------------------------------------------- /verify while applying

    /**
     * {@code /verify} reads the blocks, then the served model, and records its verdict as the node's
     * state; an apply commits its block, then replaces the served model. Interleaved, a reader can see
     * the new block with the old model (or the reverse) and must not call that a broken ledger.
     */
    @Test
    void shouldNeitherReportTheLedgerInvalidNorRefuseWritesWhileVerifyRacesApplies() throws Exception {
        List<String> proposals = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            proposals.add(approvedProposal(batch("verify race"), true));
        }
        AtomicBoolean applying = new AtomicBoolean(true);
        Queue<Answer> verifications = new ConcurrentLinkedQueue<>();
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < VERIFY_READERS; r++) {
            NodeClient reader = clients[r];
            readers.add(pool.submit(() -> {
                for (int i = 0; i < 50 && applying.get(); i++) {
                    verifications.add(reader.get("/verify"));
                }
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        try {
            for (String hash : proposals) {
                outcomes.add(apply(node, hash));
            }
        } finally {
            applying.set(false);
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
        }
        List<Answer> invalid = verifications.stream()
                .filter(v -> v.status() != 200 || !v.json().get("valid").asBoolean())
                .toList();
        // Repair first: a false failure recorded by a racing /verify would leave the node read-only.
        Answer last = node.get("/verify");
        assertThat(outcomes)
                .as("applies while /verify runs")
                .allSatisfy(o -> assertThat(o.status()).as(o.toString()).isEqualTo(200));
        assertThat(invalid)
                .as(
                        "/verify answers (of %d) that called a valid ledger invalid; first: %s",
                        verifications.size(),
                        invalid.isEmpty() ? "" : invalid.get(0).raw())
                .isEmpty();
        assertThat(last.json().get("valid").asBoolean()).as(last.raw()).isTrue();
        assertConsistent(ChainView.read(node));
        List<Outcome> all = new ArrayList<>(outcomes);
        verifications.forEach(v -> all.add(new Outcome("read /verify", "", "", v)));
        printSummary("12 applies while " + VERIFY_READERS + " clients call /verify", VERIFY_READERS + 1, all, 0);
    }

    // ---------------------------------------------------------------- mixed load

    @Test
    void shouldKeepEveryAcknowledgedWriteOnTheChainExactlyOnceUnderMixedLoad() throws Exception {
        long seed = Long.getLong("concurrency.seed", System.nanoTime());
        System.out.printf("[concurrency] mixed load seed %d (rerun with -Dconcurrency.seed=%d)%n", seed, seed);
        LedgerSnapshot before = snapshot();
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<String> known = new CopyOnWriteArrayList<>();
        for (int p = 0; p < 16; p++) {
            Outcome proposed = proposeOutcome(node, batch("mixed seed"), true);
            assertThat(proposed.status()).as(proposed.toString()).isEqualTo(200);
            outcomes.add(proposed);
            known.add(proposed.proposalHash());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            NodeClient client = clients[c];
            Random random = new Random(seed + c);
            workers.add(pool.submit(() -> {
                start.await();
                for (int op = 0; op < OPERATIONS_PER_CLIENT; op++) {
                    outcomes.add(randomOperation(random, client, known));
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(120, TimeUnit.SECONDS);
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        List<Outcome> all = List.copyOf(outcomes);
        for (Outcome outcome : all) {
            switch (outcome.operation()) {
                case "propose" ->
                    assertThat(outcome.status()).as(outcome.toString()).isEqualTo(200);
                case "approve", "reject", "apply" ->
                    assertThat(outcome.status()).as(outcome.toString()).isIn(200, 409);
                default -> assertThat(outcome.status()).as(outcome.toString()).isEqualTo(200);
            }
            if (outcome.status() != 200) {
                RawClient.assertProblem(outcome.answer(), outcome.toString());
            }
        }

        // Every acknowledged write is on the chain once, in the block its answer named, and every record
        // added since the start is an acknowledged write. (Writes may share a block; each is one record.)
        List<Outcome> acknowledged =
                all.stream().filter(o -> o.isWrite() && o.status() == 200).toList();
        Map<String, Outcome> byKey = new HashMap<>();
        for (Outcome ack : acknowledged) {
            Outcome previous = byKey.put(ack.key(), ack);
            assertThat(previous)
                    .as("two acknowledged writes of %s: %s and %s", ack.key(), previous, ack)
                    .isNull();
        }
        ChainView chain = ChainView.read(node);
        List<JsonNode> added = chain.records().stream()
                .filter(r -> r.get("block_index").asLong() >= before.chainLength())
                .toList();
        for (JsonNode record : added) {
            Outcome ack = byKey.get(key(record));
            assertThat(ack)
                    .as("record %s is on the chain but no acknowledged write asked for it", record)
                    .isNotNull();
            assertThat(record.get("block_index").asLong())
                    .as("block of %s", ack)
                    .isEqualTo(ack.blockIndex());
        }
        assertThat(added).as("records added = acknowledged writes").hasSize(acknowledged.size());
        // Looked up by proposal hash, each acknowledged write is there exactly once.
        for (Outcome ack : acknowledged) {
            List<JsonNode> found = chain.recordsAbout(ack.proposalHash(), ack.recordType()).stream()
                    .filter(r -> ack.validator().isEmpty()
                            || ack.validator().equals(r.get("validator_id").asString()))
                    .toList();
            assertThat(found).as("records of %s", ack).hasSize(1);
        }
        List<Outcome> applies =
                acknowledged.stream().filter(o -> o.operation().equals("apply")).toList();
        assertAppliesFormOneLine(chain, applies, before);
        assertConsistent(chain);
        System.out.printf(
                "[concurrency] mixed load: %d acknowledged writes in %d new blocks%n",
                acknowledged.size(), chain.length() - before.chainLength());
        printSummary(
                "mixed load, " + CLIENTS + " x " + OPERATIONS_PER_CLIENT + " operations after 16 seed proposals",
                CLIENTS,
                all,
                elapsedMillis);
    }

    private Outcome randomOperation(Random random, NodeClient client, List<String> known) {
        int dice = random.nextInt(100);
        String hash = known.get(random.nextInt(known.size()));
        String validator = VALIDATORS.get(random.nextInt(VALIDATORS.size()));
        if (dice < 15) {
            Outcome proposed = proposeOutcome(client, batch("mixed"), random.nextInt(4) != 0);
            if (proposed.status() == 200) {
                known.add(proposed.proposalHash());
            }
            return proposed;
        }
        if (dice < 40) {
            return vote(client, "approve", hash, validator);
        }
        if (dice < 45) {
            return vote(client, "reject", hash, validator);
        }
        if (dice < 65) {
            return apply(client, hash);
        }
        String path = switch (random.nextInt(8)) {
            case 0 -> "/decentralized/status";
            case 1 ->
                "/blockchain-history?type="
                        + List.of("training_proposal", "validator_approval", "model_update_approved")
                                .get(random.nextInt(3))
                        + "&page=0&size=50";
            case 2 -> "/decentralized/proposals/" + hash.substring(0, 8 + random.nextInt(57));
            case 3 -> "/blocks?from=" + random.nextInt(50) + "&size=20";
            case 4 -> "/model-info";
            case 5 -> "/model/nearest-words?word=fever&k=5";
            case 6 -> "/decentralized/proposals?page=0&size=20";
            default -> random.nextInt(4) == 0 ? "/verify" : "/decentralized/status";
        };
        return new Outcome("read " + path.replaceAll("[?].*|/[0-9a-f]{8,64}$", ""), hash, "", client.get(path));
    }

    // ---------------------------------------------------------------- checks

    /**
     * The updates written since {@code before} are exactly the acknowledged applies and, in chain
     * order, each trained on the model the one before produced; the last one's model is served.
     */
    private void assertAppliesFormOneLine(ChainView chain, List<Outcome> applies, LedgerSnapshot before) {
        Map<String, Outcome> byProposal = new HashMap<>();
        applies.forEach(a -> byProposal.put(a.proposalHash(), a));
        List<JsonNode> updates = chain.records().stream()
                .filter(r -> r.get("type").asString().equals("model_update_approved"))
                .filter(r -> r.get("block_index").asLong() >= before.chainLength())
                .toList();
        assertThat(updates).as("updates on the chain = acknowledged applies").hasSize(applies.size());
        String model = before.modelHash();
        for (JsonNode update : updates) {
            Outcome apply = byProposal.get(update.get("proposal_hash").asString());
            assertThat(apply).as("update %s was acknowledged", update).isNotNull();
            JsonNode answered = apply.answer().json().get("metrics");
            assertThat(update.get("metrics").get("model_hash_before").asString())
                    .as("base of %s", apply)
                    .isEqualTo(model)
                    .isEqualTo(answered.get("model_hash_before").asString());
            model = update.get("metrics").get("model_hash_after").asString();
            assertThat(answered.get("model_hash_after").asString()).isEqualTo(model);
        }
        assertThat(snapshot().modelHash()).as("served model after the applies").isEqualTo(model);
    }

    /** The key the ledger keeps unique for a record: its type, proposal and (for votes) validator. */
    private static String key(JsonNode record) {
        return record.get("type").asString() + ":" + record.get("proposal_hash").asString() + ":"
                + record.path("validator_id").asString("");
    }

    /** One linked chain, each record once, the rules kept, and the served model = the replay. */
    private void assertConsistent(ChainView chain) {
        chain.assertLinkedWithoutForks();
        chain.assertRecordsListedOnceAndUnique();
        Answer verify = node.get("/verify");
        assertThat(verify.json().get("valid").asBoolean()).as(verify.raw()).isTrue();
        assertThat(verify.number("blocks_checked")).isEqualTo(chain.length());
        LedgerSnapshot now = snapshot();
        assertThat(verify.text("replayed_model_hash"))
                .isEqualTo(verify.text("live_model_hash"))
                .isEqualTo(now.modelHash());
        assertThat(now.chainLength()).isEqualTo(chain.length());
        assertThat(now.totalRecords()).isEqualTo(chain.records().size());
        Answer status = node.get("/decentralized/status");
        assertThat(status.json().get("blockchain").get("is_valid").asBoolean())
                .as(status.raw())
                .isTrue();
    }

    private static void printSummary(String scenario, int clients, List<Outcome> outcomes, long elapsedMillis) {
        Map<String, Map<String, Long>> byOperation = outcomes.stream()
                .collect(Collectors.groupingBy(
                        Outcome::operation,
                        TreeMap::new,
                        Collectors.groupingBy(Outcome::verdict, TreeMap::new, Collectors.counting())));
        long acknowledged =
                outcomes.stream().filter(o -> o.isWrite() && o.status() == 200).count();
        Map<String, Long> refused = outcomes.stream()
                .filter(o -> o.status() != 200)
                .collect(Collectors.groupingBy(Outcome::verdict, TreeMap::new, Collectors.counting()));
        StringBuilder out = new StringBuilder();
        out.append(String.format("[concurrency] %s%n", scenario));
        out.append(String.format(
                "[concurrency]   clients %d, operations %d, acknowledged writes %d, refused %d%s%n",
                clients,
                outcomes.size(),
                acknowledged,
                refused.values().stream().mapToLong(Long::longValue).sum(),
                elapsedMillis > 0 ? ", " + elapsedMillis + " ms" : ""));
        byOperation.forEach(
                (operation, verdicts) -> out.append(String.format("[concurrency]   %-34s %s%n", operation, verdicts)));
        out.append(String.format("[concurrency]   refused by reason: %s%n", refused));
        System.out.print(out);
    }

    // ---------------------------------------------------------------- requests

    private List<Outcome> fireTogether(List<Function<NodeClient, Outcome>> calls) throws Exception {
        assertThat(calls.size()).isLessThanOrEqualTo(CLIENTS);
        CyclicBarrier barrier = new CyclicBarrier(calls.size());
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            NodeClient client = clients[i];
            Function<NodeClient, Outcome> call = calls.get(i);
            futures.add(pool.submit(() -> {
                barrier.await(30, TimeUnit.SECONDS);
                return call.apply(client);
            }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get(120, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    private static Outcome proposeOutcome(NodeClient client, List<String> texts, boolean allowRebase) {
        Answer answer = client.post(
                "/decentralized/propose-training",
                NodeClient.json(Map.of("texts", texts, "learning_rate", 0.02, "allow_rebase", allowRebase)));
        String hash = answer.status() == 200 ? answer.text("proposal", "proposal_hash") : "";
        return new Outcome("propose", hash, "", answer);
    }

    private static Outcome vote(NodeClient client, String kind, String hash, String validator) {
        Answer answer = client.post(
                "/decentralized/" + kind + "-proposal",
                NodeClient.json(Map.of("proposal_hash", hash, "validator_id", validator)));
        return new Outcome(kind, hash, validator, answer);
    }

    private static Outcome apply(NodeClient client, String hash) {
        return new Outcome(
                "apply",
                hash,
                "",
                client.post("/decentralized/apply-training", NodeClient.json(Map.of("proposal_hash", hash))));
    }

    private String approvedProposal(List<String> texts, boolean allowRebase) {
        Outcome proposed = proposeOutcome(node, texts, allowRebase);
        assertThat(proposed.status()).as(proposed.toString()).isEqualTo(200);
        for (String validator : List.of("validator-a", "validator-b")) {
            Outcome approved = vote(node, "approve", proposed.proposalHash(), validator);
            assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        }
        return proposed.proposalHash();
    }

    /** A batch no other request proposes, from a small medical vocabulary so training has words to move. */
    private static List<String> batch(String topic) {
        int n = BATCH.incrementAndGet();
        String words = WORDS.get(n % WORDS.size()) + " and " + WORDS.get((n * 7 + 3) % WORDS.size());
        return List.of("batch " + n + " " + topic + ": patient reports " + words, "no " + WORDS.get(n % 5) + " today");
    }
}
