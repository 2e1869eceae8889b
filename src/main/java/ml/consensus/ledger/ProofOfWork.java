package ml.consensus.ledger;

import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ml.consensus.hashing.HashDomain;
import ml.consensus.hashing.Sha256;

/**
 * Proof of work: a block header is solved when its hash ({@link BlockHeader#hash()}) starts with
 * at least {@code difficulty} zero bits, most significant bit of the first byte first.
 *
 * <p>The static checks are pure. An instance is a miner that searches with a fixed number of
 * threads (by default one per available processor) and always returns the <em>smallest</em>
 * nonce that meets the difficulty, so the mined block is the same whatever the thread count
 * (docs/hashes.md §4). It holds no mutable state: one instance serves any number of callers.
 * The helper threads come from one shared pool of daemon threads that are kept for a minute
 * after use, so mining a block does not start threads.
 */
public class ProofOfWork {

    /** How many nonces the calling thread tries between two looks at its interrupt status. */
    private static final int INTERRUPT_CHECK_INTERVAL = 4096;

    /**
     * Up to this difficulty the calling thread mines alone: a block then takes about 500 hashes
     * on average (40 µs at 13 million a second), while handing work to a pooled thread and
     * waiting for it to stop costs about 50 µs (measured on 2 cores).
     */
    static final int SINGLE_THREAD_MAX_DIFFICULTY = 9;

    /** How often a long search reports progress, first after this much time. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    /**
     * A solved header and what it cost: every nonce tried by every thread (the losers' overshoot
     * included) and the wall-clock time of the search.
     */
    public record Mined(BlockHeader header, long noncesTried, long nanos) {

        /** Nonces hashed per second over the whole search; 0 when it took no measurable time. */
        public double hashesPerSecond() {
            return nanos <= 0 ? 0 : noncesTried * 1e9 / nanos;
        }
    }

    /**
     * Told, on the mining thread, that a search is still running; it may interrupt that thread to
     * cancel the search. {@code noncesTried} is an estimate (the caller's count times the thread
     * count): the threads advance at about the same pace and only count exactly when they stop.
     */
    @FunctionalInterface
    public interface Progress {

        /** Reports nothing. */
        Progress NONE = (template, noncesTried, elapsed) -> {};

        void stillMining(BlockHeader template, long noncesTried, Duration elapsed);
    }

    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(new HelperThreads());

    private final int threads;

    /** A miner with one thread per available processor. */
    public ProofOfWork() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /**
     * A miner with {@code threads} threads: the calling thread and {@code threads - 1} helpers.
     * Throws IllegalArgumentException unless {@code threads >= 1}.
     */
    public ProofOfWork(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a miner needs at least one thread, got " + threads);
        }
        this.threads = threads;
    }

    /** The number of threads this miner searches with, the caller's included. */
    public int threads() {
        return threads;
    }

    /** Number of zero bits at the start of the hash, MSB first: 0 to 256. */
    public static int leadingZeroBits(Sha256 hash) {
        for (int i = 0; i < Sha256.LENGTH; i++) {
            int b = hash.byteAt(i) & 0xff;
            if (b != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(b) - 24;
            }
        }
        return Sha256.LENGTH * 8;
    }

    /**
     * True when the first {@code difficultyBits} bits of the hash are zero (MSB first). Throws
     * IllegalArgumentException unless 0 <= difficultyBits <= 256.
     */
    public static boolean meetsDifficulty(Sha256 hash, int difficultyBits) {
        checkDifficulty(difficultyBits);
        return leadingZeroBits(hash) >= difficultyBits;
    }

    /**
     * The header with the first nonce, counting 0, 1, 2, ... as unsigned 64-bit values, whose
     * hash meets the template's difficulty; the template's own nonce is ignored. Difficulty 0
     * gives nonce 0.
     *
     * <p>With T threads, thread t tries the nonces t, t+T, t+2T, ... A thread that finds a
     * nonce lowers a shared bound to it, and every thread stops once its next nonce is above the
     * bound; the threads advance at about the same pace, so they stop at about the same moment,
     * and every nonce below the result has been tried. Up to difficulty
     * {@value #SINGLE_THREAD_MAX_DIFFICULTY} the calling thread mines alone.
     *
     * @throws CancellationException if the calling thread is interrupted while mining (the
     *         helpers stop too); the interrupt status is left set for the caller
     * @throws IllegalStateException if no 64-bit nonce meets the difficulty
     */
    public BlockHeader mine(BlockHeader template) {
        return mine(template, PROGRESS_INTERVAL, Progress.NONE).header();
    }

    /**
     * Mines as {@link #mine(BlockHeader)} does and says what it cost. While the search runs,
     * {@code progress} hears from the calling thread after {@code every} and then every
     * {@code every} again; the clock is read only where the thread already looks at its
     * interrupt status, so reporting does not slow the search.
     *
     * @throws CancellationException if the calling thread is interrupted while mining, by
     *         {@code progress} or anyone else
     */
    public Mined mine(BlockHeader template, Duration every, Progress progress) {
        long started = System.nanoTime();
        int difficulty = template.difficulty();
        if (Thread.currentThread().isInterrupted()) {
            throw cancelled(template, 0);
        }
        int lanes = difficulty <= SINGLE_THREAD_MAX_DIFFICULTY ? 1 : threads;
        MessageDigest prefixed = HashDomain.BLOCK_HEADER.newDigest();
        prefixed.update(template.prefixBytes());
        Search search = new Search(template, lanes, new Reporter(progress, every.toNanos(), started));
        CountDownLatch helpersDone = new CountDownLatch(lanes - 1);
        for (int lane = 1; lane < lanes; lane++) {
            MessageDigest laneDigest = copyOf(prefixed);
            long first = lane;
            HELPERS.execute(() -> {
                try {
                    search.run(laneDigest, first, false);
                } catch (Throwable e) {
                    search.fail(e);
                } finally {
                    helpersDone.countDown();
                }
            });
        }
        boolean interrupted;
        try {
            interrupted = !search.run(prefixed, 0, true);
        } catch (RuntimeException | Error e) {
            // A failing progress listener: stop the helpers before giving up, so none outlives the call.
            search.cancel();
            if (awaitStopping(helpersDone, search)) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        if (interrupted) {
            search.cancel();
        }
        interrupted |= awaitStopping(helpersDone, search);
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw cancelled(template, search.tried());
        }
        search.rethrowFailure();
        if (!search.found()) {
            throw new IllegalStateException("no 64-bit nonce gives block " + template.index() + " a hash with "
                    + difficulty + " leading zero bits");
        }
        return new Mined(template.withNonce(search.bound()), search.tried(), System.nanoTime() - started);
    }

    /** When the calling thread next reports progress, and to whom. */
    private static final class Reporter {

        private final Progress progress;
        private final long intervalNanos;
        private final long started;
        private long next;

        Reporter(Progress progress, long intervalNanos, long started) {
            if (intervalNanos <= 0) {
                throw new IllegalArgumentException("the progress interval must be positive");
            }
            this.progress = progress;
            this.intervalNanos = intervalNanos;
            this.started = started;
            this.next = started + intervalNanos;
        }

        void maybeReport(BlockHeader template, long noncesTried) {
            if (progress == Progress.NONE) {
                return;
            }
            long now = System.nanoTime();
            if (now - next >= 0) {
                next = now + intervalNanos;
                progress.stillMining(template, noncesTried, Duration.ofNanos(now - started));
            }
        }
    }

    /**
     * Waits for the helpers to stop. An interrupt while waiting cancels the search and is
     * reported (true) once they have stopped, so no helper outlives the call.
     */
    private static boolean awaitStopping(CountDownLatch helpersDone, Search search) {
        boolean interrupted = false;
        while (true) {
            try {
                helpersDone.await();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
                search.cancel();
            }
        }
    }

    private static CancellationException cancelled(BlockHeader template, long tried) {
        return new CancellationException("mining of block " + template.index() + " at difficulty "
                + template.difficulty() + " interrupted after " + Long.toUnsignedString(tried) + " nonces");
    }

    /**
     * One block's search, shared by its threads. {@code bound} is the highest nonce still worth
     * trying, as an unsigned value: all ones until a nonce is found, then the smallest found.
     */
    private static final class Search {

        private final BlockHeader template;
        private final int difficulty;
        private final long stride;
        private final Reporter reporter;
        private final AtomicLong bound = new AtomicLong(-1L);
        private final AtomicLong tried = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean found;
        private volatile boolean cancelled;

        Search(BlockHeader template, int lanes, Reporter reporter) {
            this.template = template;
            this.difficulty = template.difficulty();
            this.stride = lanes;
            this.reporter = reporter;
        }

        /**
         * Tries {@code first}, {@code first + stride}, ... against a digest holding the domain tag
         * and the header prefix, until one meets the difficulty or the next is above the bound.
         * Returns false if it stopped because the current thread was interrupted.
         */
        boolean run(MessageDigest prefixed, long first, boolean watchInterrupt) {
            byte[] nonceBytes = new byte[Long.BYTES];
            byte[] hash = new byte[Sha256.LENGTH];
            long count = 0;
            long nonce = first;
            try {
                while (Long.compareUnsigned(nonce, bound.get()) <= 0 && !cancelled) {
                    if (watchInterrupt && (count & (INTERRUPT_CHECK_INTERVAL - 1)) == 0) {
                        if (count > 0) {
                            reporter.maybeReport(template, count * stride);
                        }
                        if (Thread.currentThread().isInterrupted()) {
                            return false;
                        }
                    }
                    writeBigEndian(nonce, nonceBytes);
                    MessageDigest digest = copyOf(prefixed);
                    digest.update(nonceBytes);
                    finish(digest, hash);
                    count++;
                    if (hasLeadingZeroBits(hash, difficulty)) {
                        offer(nonce);
                        return true;
                    }
                    long next = nonce + stride;
                    if (Long.compareUnsigned(next, nonce) < 0) {
                        return true;
                    }
                    nonce = next;
                }
                return true;
            } finally {
                tried.addAndGet(count);
            }
        }

        /** Lowers the bound to {@code nonce} unless a smaller nonce was found already. */
        private void offer(long nonce) {
            found = true;
            long current = bound.get();
            while (Long.compareUnsigned(nonce, current) < 0 && !bound.compareAndSet(current, nonce)) {
                current = bound.get();
            }
        }

        void cancel() {
            cancelled = true;
        }

        void fail(Throwable e) {
            failure.compareAndSet(null, e);
            cancel();
        }

        void rethrowFailure() {
            Throwable e = failure.get();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e instanceof Error error) {
                throw error;
            }
            if (e != null) {
                throw new IllegalStateException("a mining thread failed", e);
            }
        }

        boolean found() {
            return found;
        }

        long bound() {
            return bound.get();
        }

        long tried() {
            return tried.get();
        }
    }

    /** Daemon threads, so an idle miner never keeps the JVM alive. */
    private static final class HelperThreads implements ThreadFactory {

        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "proof-of-work-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }

    private static void checkDifficulty(int difficultyBits) {
        if (difficultyBits < 0 || difficultyBits > BlockHeader.MAX_DIFFICULTY) {
            throw new IllegalArgumentException(
                    "difficulty must be 0 to " + BlockHeader.MAX_DIFFICULTY + " bits, got " + difficultyBits);
        }
    }

    /** The same test as {@link #meetsDifficulty} on a raw digest, without copying it. */
    private static boolean hasLeadingZeroBits(byte[] hash, int bits) {
        int fullBytes = bits >>> 3;
        for (int i = 0; i < fullBytes; i++) {
            if (hash[i] != 0) {
                return false;
            }
        }
        int rest = bits & 7;
        return rest == 0 || (hash[fullBytes] & 0xff) >>> (8 - rest) == 0;
    }

    private static void writeBigEndian(long value, byte[] out) {
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
    }

    private static MessageDigest copyOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JRE's SHA-256 cannot be cloned", e);
        }
    }

    private static void finish(MessageDigest digest, byte[] out) {
        try {
            digest.digest(out, 0, out.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 did not fit its 32-byte buffer", e);
        }
    }
}
