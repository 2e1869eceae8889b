package ml.consensus.proposal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the work of expensive, repeatable computations (dry runs: each trains a full copy of the
 * model). Results are cached by key (the newest {@code cacheSize}); concurrent requests for one
 * key share one computation; and at most {@code maxConcurrent} computations run at once, further
 * ones are declined (empty) rather than queued, so 64 concurrent reads cost at most
 * {@code maxConcurrent} model copies, not 64.
 *
 * @param <K> the key: everything the result depends on
 * @param <V> the result
 */
final class BoundedTrials<K, V> {

    private final Semaphore running;
    private final Map<K, V> done;
    private final Map<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    BoundedTrials(int maxConcurrent, int cacheSize) {
        if (maxConcurrent < 1 || cacheSize < 1) {
            throw new IllegalArgumentException("maxConcurrent and cacheSize must be at least 1");
        }
        this.running = new Semaphore(maxConcurrent);
        this.done = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * The result for {@code key}: cached, or shared with a computation already running, or
     * computed now by {@code compute}; empty when {@code maxConcurrent} other computations run.
     * A failing computation's exception reaches every caller waiting on it and is not cached.
     */
    Optional<V> get(K key, Supplier<V> compute) {
        synchronized (done) {
            V cached = done.get(key);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return Optional.of(await(running));
        }
        if (!this.running.tryAcquire()) {
            inFlight.remove(key, mine);
            mine.cancel(false);
            return Optional.empty();
        }
        try {
            V value = compute.get();
            synchronized (done) {
                done.put(key, value);
            }
            mine.complete(value);
            return Optional.of(value);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
            this.running.release();
        }
    }

    private static <V> V await(CompletableFuture<V> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a dry run", e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new IllegalStateException("the dry run was declined", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
