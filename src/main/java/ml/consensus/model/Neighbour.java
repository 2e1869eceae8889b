package ml.consensus.model;

import java.util.Objects;

/** A vocabulary word and its cosine similarity (between -1 and 1) to a query. */
public record Neighbour(String word, double similarity) {

    public Neighbour {
        Objects.requireNonNull(word, "word");
    }
}
