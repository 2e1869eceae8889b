package ml.consensus.node;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ProgressLogTests {

    private static final Logger log = LoggerFactory.getLogger(ProgressLogTests.class);

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final ProgressLog progress =
            new ProgressLog(log, "verifying the ledger", clock::get, Duration.ofSeconds(1));

    @Test
    void shouldStayQuietDuringTheFirstInterval(CapturedOutput output) {
        for (int block = 1; block <= 500; block++) {
            clock.addAndGet(1_000_000); // 1 ms per block: 0.5 s in all
            progress.advanced("chain", block, 500);
        }

        assertThat(output.getAll()).doesNotContain("verifying the ledger");
    }

    @Test
    void shouldLogAtMostOneLinePerIntervalOnceWorkIsLong(CapturedOutput output) {
        for (int block = 1; block <= 3000; block++) {
            clock.addAndGet(1_000_000); // 1 ms per block: 3 s in all
            progress.advanced("replay", block, 3000);
        }

        assertThat(output.getAll())
                .contains("verifying the ledger: replay 1000 of 3000 blocks (33%), 1.0 s so far")
                .contains("verifying the ledger: replay 2000 of 3000 blocks (66%), 2.0 s so far")
                .contains("verifying the ledger: replay 3000 of 3000 blocks (100%), 3.0 s so far");
        assertThat(output.getAll().lines().filter(l -> l.contains("verifying the ledger:")))
                .hasSize(3);
    }
}
