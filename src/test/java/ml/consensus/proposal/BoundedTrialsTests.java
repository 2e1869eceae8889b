package ml.consensus.proposal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15, item 2: 64 concurrent reads of an open proposal each trained a model copy. */
class BoundedTrialsTests {

    @Test
    void shouldComputeOnceFor64ConcurrentRequestsOfOneKey() throws Exception {
        BoundedTrials<String, Integer> trials = new BoundedTrials<>(2, 16);
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            List<Future<Optional<Integer>>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                answers.add(pool.submit(() -> trials.get("proposal-a", () -> {
                    computations.incrementAndGet();
                    await(release);
                    return 42;
                })));
            }
            Thread.sleep(200);
            release.countDown();
            for (Future<Optional<Integer>> answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).contains(42);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(computations).hasValue(1);
        assertThat(trials.get("proposal-a", () -> 0)).as("cached").contains(42);
    }

    @Test
    void shouldRunAtMostTheLimitAtOnceAndDeclineTheRest() throws Exception {
        BoundedTrials<Integer, Integer> trials = new BoundedTrials<>(2, 16);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<Optional<Integer>>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                int key = i;
                answers.add(pool.submit(() -> trials.get(key, () -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    await(release);
                    running.decrementAndGet();
                    return key;
                })));
            }
            Thread.sleep(300);
            release.countDown();
            int declined = 0;
            for (Future<Optional<Integer>> answer : answers) {
                if (answer.get(10, TimeUnit.SECONDS).isEmpty()) {
                    declined++;
                }
            }
            assertThat(declined).isGreaterThanOrEqualTo(60);
        } finally {
            pool.shutdownNow();
        }
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void shouldKeepOnlyTheNewestResults() {
        BoundedTrials<Integer, Integer> trials = new BoundedTrials<>(1, 2);
        AtomicInteger computations = new AtomicInteger();
        for (int key : new int[] {1, 2, 3, 1}) {
            trials.get(key, () -> computations.incrementAndGet());
        }
        assertThat(computations).as("key 1 was evicted by 3").hasValue(4);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
