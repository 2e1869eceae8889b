package ml.consensus.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import ml.consensus.support.NodeClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Crash recovery of the packaged node. Starts the real jar as a separate process on one data
 * directory and kills it with SIGKILL again and again: first, deterministically, 300 ms into the
 * mining of a 22-bit block; then at random moments while a client thread drives proposals, votes,
 * applies and checkpoints (every third round right after an apply request went out; the early
 * rounds at 14-16 bits, where most of a write's time is mining). After each kill it restarts the
 * node and holds it to
 * {@link RecoveryCheck}: chain valid, model = replay of the ledger, no acknowledged write missing,
 * nothing half-written, and it takes a new write. Runs in {@code ./mvnw verify} (failsafe, after the
 * jar is packaged) with {@code crash.kills} kills (4 by default, 200 with {@code -Pcrash-soak}).
 * The seed is printed; {@code -Dcrash.seed=N} replays the same plan (kill delays, difficulties,
 * operations), though thread timing makes each run land its kills a little differently.
 */
class CrashRecoveryIT {

    /**
     * JVM options for the node: C1 only and the serial collector roughly halve start-up on a
     * two-core machine and change nothing about what reaches the disk.
     */
    private static final List<String> NODE_JVM_OPTIONS =
            words(System.getProperty("crash.node-jvm-options", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m"));

    /**
     * Extra application arguments for every start (none by default), e.g. to check that the harness
     * catches lost writes: {@code -Dcrash.node-args=--spring.datasource.url=jdbc:h2:file:${consensus.data-dir}/ledger}
     * (H2 without WRITE_DELAY=0).
     */
    private static final List<String> NODE_ARGS = words(System.getProperty("crash.node-args", ""));

    /**
     * Difficulties a round may run at. A node refuses (as invalid) any block below its configured
     * difficulty, so rounds on one data directory run at non-increasing difficulty: the plan draws
     * from these and sorts them high to low (after the first round's 22 bits). At 16 bits a write
     * spends most of its time mining.
     */
    private static final int[] DIFFICULTIES = {16, 15, 14, 12, 10};

    /** The first kill's difficulty: seconds of mining per block. */
    private static final int MINING_KILL_DIFFICULTY = 22;

    private static Path jar;
    private static Path workDir;

    @BeforeAll
    static void packagedJar() throws IOException {
        String path = System.getProperty("app.jar");
        assertThat(path)
                .as("system property app.jar (set by failsafe in pom.xml): run with ./mvnw verify")
                .isNotBlank();
        jar = Path.of(path);
        assertThat(jar).as("the packaged jar").isRegularFile();
        workDir = Path.of(System.getProperty("crash.work-dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(workDir);
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteAcrossRepeatedSigkills() throws Exception {
        int kills = Integer.getInteger("crash.kills", 4);
        assertThat(kills).as("crash.kills").isGreaterThanOrEqualTo(2);
        String seedProperty = System.getProperty("crash.seed", "").trim();
        long seed = seedProperty.isEmpty() ? System.nanoTime() : Long.parseLong(seedProperty);
        Random plan = new Random(seed);
        int[] difficulties = IntStream.concat(
                        IntStream.of(MINING_KILL_DIFFICULTY),
                        plan.ints(kills, 0, DIFFICULTIES.length)
                                .mapToObj(i -> DIFFICULTIES[i])
                                .sorted(Comparator.reverseOrder())
                                .mapToInt(Integer::intValue))
                .toArray();
        Path run = freshDirectory("crash-recovery-" + seed);
        Path data = run.resolve("data");
        System.out.printf(
                "crash recovery: seed %d (replay the plan with -Dcrash.seed=%d), %d kills, difficulties %s,"
                        + " node logs and data in %s%n",
                seed, seed, kills, Arrays.toString(difficulties), run);

        AcknowledgedWrites acknowledged = new AcknowledgedWrites();
        RecoveryCheck check = new RecoveryCheck(acknowledged, data);
        Map<String, Integer> onTheWireAtKill = new TreeMap<>();
        int landed = 0;
        int absent = 0;
        int checked = 0;
        long checks = 0;
        Workload.Attempt inDoubt = null;
        long started = System.nanoTime();
        for (int round = 0; round <= kills; round++) {
            try (NodeProcess node = NodeProcess.start(
                    jar,
                    data,
                    difficulties[round],
                    run.resolve("node-" + round + ".log"),
                    NODE_JVM_OPTIONS,
                    NODE_ARGS)) {
                Workload workload = new Workload(node, new Random(plan.nextLong()), acknowledged);
                if (round > 0) {
                    RecoveryCheck.Result result = check.check(node.client(), inDoubt);
                    checked = result.acknowledgedChecked();
                    checks += checked;
                    if (inDoubt != null && result.inDoubtOutcome().endsWith("absent")) {
                        absent++;
                    } else if (inDoubt != null) {
                        landed++;
                    }
                    failOn(
                            result.violations(),
                            "after kill " + round + " (write in doubt: " + inDoubt + "; seed " + seed + ")",
                            node);
                    System.out.printf(
                            "  restart %d (difficulty %d): chain %d blocks, /verify valid, model %s = replay;"
                                    + " all %d acknowledged writes present; write in doubt: %s%n",
                            round,
                            difficulties[round],
                            result.chainLength(),
                            result.modelHash().substring(0, 12),
                            checked,
                            result.inDoubtOutcome());
                    int status = workload.proposeOnce();
                    failOn(
                            status == 200
                                    ? List.of()
                                    : List.of("the restarted node refused a new proposal with " + status),
                            "new write after restart " + round + " (seed " + seed + ")",
                            node);
                }
                if (round == kills) {
                    break;
                }
                if (round == 0) {
                    inDoubt = killWhileMining(node, acknowledged);
                    onTheWireAtKill.merge(inDoubt == null ? "none" : inDoubt.operation, 1, Integer::sum);
                    continue;
                }

                Thread client = new Thread(workload, "crash-workload-" + round);
                client.start();
                boolean killDuringApply = round % 3 == 1;
                if (killDuringApply) {
                    NodeProcess.sleep(300 + plan.nextInt(1200));
                    workload.armApplyKill();
                    assertThat(workload.awaitApplyOnTheWire(30_000))
                            .as("an apply was sent within 30 s")
                            .isTrue();
                    // Within the fastest apply this round took, so the kill lands inside this one
                    // (request parsing, training, mining or commit) unless it is faster still.
                    long fastest = workload.fastestApplyNanos().orElse(TimeUnit.MILLISECONDS.toNanos(2));
                    LockSupport.parkNanos((long) (plan.nextDouble() * fastest));
                } else {
                    NodeProcess.sleep(300 + plan.nextInt(2000));
                }
                assertThat(node.isAlive())
                        .as("node alive until the kill (log %s)", node.log())
                        .isTrue();
                long killAt = System.nanoTime();
                int exit = node.kill();
                client.join(30_000);
                assertThat(client.isAlive())
                        .as("client thread ended after the kill")
                        .isFalse();
                assertKilledBySigkill(exit);
                List<String> violations = new ArrayList<>(workload.violations());
                if (workload.stoppedAtNanos() < killAt) {
                    violations.add("the client lost the node before the kill: " + workload.stoppedBy());
                }
                failOn(violations, "round " + round + " (seed " + seed + ")", node);

                inDoubt = workload.inDoubt();
                String when = inDoubt == null
                        ? "between writes"
                        : inDoubt.sentAtNanos == 0 || inDoubt.sentAtNanos > killAt
                                ? "while sending " + inDoubt
                                : "during " + inDoubt + " (on the wire "
                                        + TimeUnit.NANOSECONDS.toMicros(killAt - inDoubt.sentAtNanos) / 1000.0 + " ms)";
                onTheWireAtKill.merge(inDoubt == null ? "none" : inDoubt.operation, 1, Integer::sum);
                System.out.printf(
                        "kill %d/%d: SIGKILL (exit %d) at difficulty %d %s%s; acknowledged this round %s,"
                                + " %d in all%n",
                        round + 1,
                        kills,
                        exit,
                        difficulties[round],
                        when,
                        killDuringApply ? " [apply-kill round]" : "",
                        workload.acknowledgedByOperation(),
                        acknowledged.count());
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.printf(
                "crash recovery: %d kills survived, %d acknowledged writes checked, 0 lost (%d write checks"
                        + " over %d restarts); write on the wire at the kill: %s, of which %d landed whole and %d left"
                        + " no trace; seed %d, %d s%n",
                kills, checked, checks, kills, onTheWireAtKill, landed, absent, seed, seconds);
        assertThat(checked).as("acknowledged writes checked").isGreaterThan(kills);
    }

    /**
     * The deterministic kill: at {@value #MINING_KILL_DIFFICULTY} bits a block takes about four
     * million hashes (seconds), so 300 ms after a proposal was sent the node is mining its block.
     * (Mining time is random; should a block be found within 300 ms, that proposal is acknowledged
     * and another one is sent.) The restart must show nothing or the whole proposal (the round-1
     * check, which compares its texts).
     */
    private static Workload.Attempt killWhileMining(NodeProcess node, AcknowledgedWrites acknowledged)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            List<String> texts = List.of("killed while mining " + attempt, "fever and chills");
            Workload.Attempt write = new Workload.Attempt("propose", null, texts);
            CountDownLatch sent = new CountDownLatch(1);
            CompletableFuture<NodeProcess.Reply> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return node.post(
                            "/decentralized/propose-training",
                            NodeClient.json(Map.of("texts", texts, "learning_rate", 0.05)),
                            () -> {
                                write.sentAtNanos = System.nanoTime();
                                sent.countDown();
                            });
                } catch (IOException e) {
                    return null;
                }
            });
            assertThat(sent.await(30, TimeUnit.SECONDS)).as("proposal sent").isTrue();
            NodeProcess.sleep(300);
            if (answer.isDone() && attempt < 5) {
                NodeProcess.Reply reply = answer.get();
                assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
                JsonNode proposal = reply.json().get("proposal");
                acknowledged.proposed(
                        proposal.get("proposal_hash").asString(),
                        proposal.get("block_index").asLong());
                System.out.printf(
                        "  (block %d mined within 300 ms; proposing again)%n",
                        proposal.get("block_index").asLong());
                continue;
            }
            long killAt = System.nanoTime();
            int exit = node.kill();
            assertKilledBySigkill(exit);
            NodeProcess.Reply reply = answer.get(30, TimeUnit.SECONDS);
            System.out.printf(
                    "kill 1: SIGKILL (exit %d) at difficulty %d during propose, %.1f ms after it was sent," + " %s%n",
                    exit,
                    MINING_KILL_DIFFICULTY,
                    TimeUnit.NANOSECONDS.toMicros(killAt - write.sentAtNanos) / 1000.0,
                    reply == null ? "still mining" : "but answered just before the kill");
            if (reply == null) {
                return write;
            }
            assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
            JsonNode proposal = reply.json().get("proposal");
            acknowledged.proposed(
                    proposal.get("proposal_hash").asString(),
                    proposal.get("block_index").asLong());
            return null;
        }
    }

    private static void assertKilledBySigkill(int exit) {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win")) {
            assertThat(exit).as("exit status of a SIGKILLed process").isEqualTo(NodeProcess.SIGKILL_EXIT_STATUS);
        }
    }

    private static void failOn(List<String> violations, String where, NodeProcess node) {
        if (!violations.isEmpty()) {
            fail("crash recovery violated " + where + ":\n  " + String.join("\n  ", violations) + "\nnode log "
                    + node.log() + " (tail):\n" + node.logTail());
        }
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }

    private static Path freshDirectory(String name) throws IOException {
        Path dir = workDir.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
