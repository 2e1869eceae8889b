package ml.consensus.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ml.consensus.hashing.Sha256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProofOfWorkTests {

    private final ProofOfWork miner = new ProofOfWork();

    private static BlockHeader template(int difficulty) {
        return new BlockHeader(
                3,
                "2026-01-01T00:00:00Z",
                Sha256.fromHex("ab".repeat(32)),
                Sha256.fromHex("cd".repeat(32)),
                difficulty,
                0);
    }

    /** A hash whose first k bits are zero and bit k (if any) is one; all later bits one. */
    private static Sha256 hashWithLeadingZeroBits(int k) {
        byte[] bytes = new byte[32];
        for (int bit = k; bit < 256; bit++) {
            bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        return Sha256.ofBytes(bytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 12, 16})
    void shouldMineHeaderMeetingDifficulty(int difficulty) {
        BlockHeader template = template(difficulty);

        BlockHeader mined = miner.mine(template);

        assertThat(ProofOfWork.meetsDifficulty(mined.hash(), difficulty)).isTrue();
        assertThat(ProofOfWork.leadingZeroBits(mined.hash())).isGreaterThanOrEqualTo(difficulty);
        assertThat(mined).isEqualTo(template.withNonce(mined.nonce()));
    }

    @Test
    void shouldGiveNonceZeroAtDifficultyZero() {
        assertThat(miner.mine(template(0).withNonce(99)).nonce()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void shouldReturnFirstNonceMeetingDifficultyWithAnyThreadCount(int threads) {
        // Above the single-thread limit, so that every lane of the parallel search takes part.
        int difficulty = ProofOfWork.SINGLE_THREAD_MAX_DIFFICULTY + 2;
        BlockHeader template = template(difficulty).withNonce(12345);

        BlockHeader mined = new ProofOfWork(threads).mine(template);

        for (long nonce = 0; nonce < mined.nonce(); nonce++) {
            assertThat(ProofOfWork.meetsDifficulty(template.withNonce(nonce).hash(), difficulty))
                    .as("nonce %d", nonce)
                    .isFalse();
        }
        assertThat(ProofOfWork.meetsDifficulty(mined.hash(), difficulty)).isTrue();
    }

    @Test
    void shouldMineTheSameBlockWhateverTheThreadCount() {
        BlockHeader template = template(16);

        BlockHeader single = new ProofOfWork(1).mine(template);

        for (int threads = 2; threads <= 4; threads++) {
            assertThat(new ProofOfWork(threads).mine(template))
                    .as("%d threads", threads)
                    .isEqualTo(single);
        }
    }

    @Test
    void shouldUseOneThreadPerProcessorByDefault() {
        assertThat(miner.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void shouldRefuseMinerWithoutThreads() {
        assertThatThrownBy(() -> new ProofOfWork(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one thread");
    }

    @Test
    void shouldMineWorkedExampleInDocs() {
        BlockHeader mined = miner.mine(BlockHeaderTests.workedExample().withNonce(0));

        assertThat(mined.nonce()).isEqualTo(232);
        assertThat(mined).isEqualTo(BlockHeaderTests.workedExample());
        assertThat(ProofOfWork.leadingZeroBits(mined.hash())).isEqualTo(11);
    }

    @Test
    void shouldMeetExactlyTheLeadingZeroBitsItHas() {
        for (int k = 0; k <= 256; k++) {
            Sha256 hash = hashWithLeadingZeroBits(k);

            assertThat(ProofOfWork.leadingZeroBits(hash)).as("k=%d", k).isEqualTo(k);
            assertThat(ProofOfWork.meetsDifficulty(hash, k))
                    .as("k=%d meets k", k)
                    .isTrue();
            assertThat(ProofOfWork.meetsDifficulty(hash, 0)).isTrue();
            if (k < 256) {
                assertThat(ProofOfWork.meetsDifficulty(hash, k + 1))
                        .as("k=%d meets k+1", k)
                        .isFalse();
            }
        }
    }

    @Test
    void shouldCountLeadingZeroBitsMostSignificantBitFirst() {
        assertThat(ProofOfWork.leadingZeroBits(Sha256.fromHex("80" + "00".repeat(31))))
                .isZero();
        assertThat(ProofOfWork.leadingZeroBits(Sha256.fromHex("01" + "00".repeat(31))))
                .isEqualTo(7);
        assertThat(ProofOfWork.leadingZeroBits(Sha256.fromHex("0010" + "ff".repeat(30))))
                .isEqualTo(11);
        assertThat(ProofOfWork.leadingZeroBits(Sha256.fromHex("00".repeat(31) + "01")))
                .isEqualTo(255);
        assertThat(ProofOfWork.leadingZeroBits(Sha256.ZERO)).isEqualTo(256);
        // A zero low-order bit does not count: 0x80 ends in seven zero bits.
        assertThat(ProofOfWork.meetsDifficulty(Sha256.fromHex("80" + "00".repeat(31)), 1))
                .isFalse();
    }

    @Test
    void shouldRejectDifficultyOutOfRange() {
        assertThatThrownBy(() -> ProofOfWork.meetsDifficulty(Sha256.ZERO, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> ProofOfWork.meetsDifficulty(Sha256.ZERO, 257))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("257");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void shouldStopMiningWhenThreadIsInterrupted(int threads) throws InterruptedException {
        ProofOfWork parallel = new ProofOfWork(threads);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        AtomicBoolean helpersStillMining = new AtomicBoolean();
        Thread worker = new Thread(
                () -> {
                    started.countDown();
                    try {
                        parallel.mine(template(256));
                    } catch (Throwable e) {
                        thrown.set(e);
                        stillInterrupted.set(Thread.currentThread().isInterrupted());
                        helpersStillMining.set(anyHelperMining());
                    }
                },
                "miner-under-test");
        worker.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);

        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(worker.isAlive()).as("miner still running after interrupt").isFalse();
        assertThat(thrown.get())
                .isInstanceOf(CancellationException.class)
                .hasMessageContaining("mining of block 3 at difficulty 256 interrupted");
        assertThat(stillInterrupted).isTrue();
        assertThat(helpersStillMining)
                .as("a helper thread outlived the cancelled call")
                .isFalse();
    }

    /** True if a pool thread is inside a search; mine() must not return before its helpers stop. */
    private static boolean anyHelperMining() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("proof-of-work-"))
                .flatMap(e -> Arrays.stream(e.getValue()))
                .anyMatch(frame -> frame.getClassName().startsWith(ProofOfWork.class.getName() + "$Search"));
    }

    @Test
    void shouldNotStartMiningOnInterruptedThread() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> miner.mine(template(8)))
                    .isInstanceOf(CancellationException.class)
                    .hasMessageContaining("after 0 nonces");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldSayWhatMiningCost() {
        ProofOfWork.Mined mined = miner.mine(template(12), Duration.ofSeconds(1), ProofOfWork.Progress.NONE);

        assertThat(mined.header()).isEqualTo(miner.mine(template(12)));
        // Every nonce up to the winner was tried, plus whatever the other threads overshot.
        assertThat(mined.noncesTried()).isGreaterThanOrEqualTo(mined.header().nonce() + 1);
        assertThat(mined.nanos()).isPositive();
        assertThat(mined.hashesPerSecond()).isPositive();
    }

    /** One progress report, as the miner gave it. */
    private record Report(long noncesTried, Duration elapsed) {}

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void shouldReportProgressWhileMiningAndStopWhenTheListenerInterrupts(int threads) {
        List<Report> reports = new ArrayList<>();
        ProofOfWork.Progress progress = (template, tried, elapsed) -> {
            assertThat(template.index()).isEqualTo(3);
            reports.add(new Report(tried, elapsed));
            if (reports.size() == 3) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            // 256 bits cannot be met: only the listener's interrupt ends this search.
            assertThatThrownBy(() -> new ProofOfWork(threads).mine(template(256), Duration.ofMillis(20), progress))
                    .isInstanceOf(CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(reports).hasSize(3);
        assertThat(reports.get(0).elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        for (int i = 1; i < reports.size(); i++) {
            assertThat(reports.get(i).elapsed())
                    .isGreaterThan(reports.get(i - 1).elapsed());
            assertThat(reports.get(i).noncesTried())
                    .isGreaterThan(reports.get(i - 1).noncesTried());
        }
        assertThat(anyHelperMining())
                .as("a helper thread outlived the cancelled call")
                .isFalse();
    }

    @Test
    void shouldNotReportProgressForQuickMining() {
        List<Report> reports = new ArrayList<>();
        miner.mine(
                template(8),
                Duration.ofSeconds(10),
                (template, tried, elapsed) -> reports.add(new Report(tried, elapsed)));

        assertThat(reports).isEmpty();
    }

    @Test
    void shouldStopHelpersWhenTheProgressListenerFails() {
        ProofOfWork.Progress failing = (template, tried, elapsed) -> {
            throw new IllegalStateException("listener broke");
        };

        assertThatThrownBy(() -> new ProofOfWork(4).mine(template(256), Duration.ofMillis(10), failing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("listener broke");
        assertThat(anyHelperMining())
                .as("a helper thread outlived the failed call")
                .isFalse();
    }
}
