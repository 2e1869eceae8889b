package ml.consensus.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A node's data as the tests see it: every entry applied, in order, with its index, and the last
 * applied index, kept in memory across restarts of the log (as a real node keeps them on disk).
 * Entries are UTF-8 text. Refuses the entries a predicate picks, as a failed check would.
 */
final class RecordingEntries implements CommittedEntries {

    record Applied(long index, String text) {}

    private final List<Applied> applied = new ArrayList<>();
    private final List<Long> applyCalls = new ArrayList<>();
    private volatile Predicate<String> refuse = text -> false;

    /** From now on, refuse the entries {@code refuse} picks. */
    RecordingEntries refusing(Predicate<String> refuse) {
        this.refuse = refuse;
        return this;
    }

    @Override
    public synchronized void apply(long index, byte[] entry) throws EntryRefusedException {
        applyCalls.add(index);
        String text = new String(entry, StandardCharsets.UTF_8);
        if (refuse.test(text)) {
            throw new EntryRefusedException("test check refused '" + text + "'");
        }
        applied.add(new Applied(index, text));
    }

    @Override
    public synchronized long lastApplied() {
        return applied.isEmpty() ? 0 : applied.get(applied.size() - 1).index();
    }

    /** The texts applied, in order. */
    synchronized List<String> texts() {
        return applied.stream().map(Applied::text).toList();
    }

    synchronized List<Applied> applied() {
        return List.copyOf(applied);
    }

    /** Every index apply() was called with, refused ones included, in call order. */
    synchronized List<Long> applyCalls() {
        return List.copyOf(applyCalls);
    }

    synchronized int size() {
        return applied.size();
    }

    /** Forgets the entries after the first {@code keep}, as a node whose last writes were lost would. */
    synchronized void keepFirst(int keep) {
        applied.subList(keep, applied.size()).clear();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
