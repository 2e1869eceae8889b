package ml.consensus.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ml.consensus.hashing.Sha256;

/**
 * The evaluation sets a node or verifier knows, by hash: the one new updates are scored on
 * ({@link #current()}) and the built-in set, so that a replay can re-score every update whose
 * record names either. Immutable.
 */
public final class Evaluations {

    private final HeldOutScore current;
    private final Map<Sha256, HeldOutScore> known = new LinkedHashMap<>();

    private Evaluations(EvaluationSet current) {
        this.current = new HeldOutScore(current);
        known.put(current.hash(), this.current);
        EvaluationSet builtIn = EvaluationSet.builtIn();
        known.computeIfAbsent(builtIn.hash(), hash -> new HeldOutScore(builtIn));
    }

    /** Scores new updates on {@code current}; also knows the built-in set. */
    public static Evaluations scoringOn(EvaluationSet current) {
        return new Evaluations(current);
    }

    /** Scores on the built-in set only. */
    public static Evaluations builtIn() {
        return BuiltIn.INSTANCE;
    }

    /** The score new updates are recorded with. */
    public HeldOutScore current() {
        return current;
    }

    /** The score for the set with this hash, when it is known here. */
    public Optional<HeldOutScore> find(Sha256 setHash) {
        return Optional.ofNullable(known.get(setHash));
    }

    /** Built once per JVM, on first use. */
    private static final class BuiltIn {
        static final Evaluations INSTANCE = new Evaluations(EvaluationSet.builtIn());
    }
}
