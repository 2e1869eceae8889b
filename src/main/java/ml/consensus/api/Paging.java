package ml.consensus.api;

import ml.consensus.refusal.Refusal;

/** Bounds for list endpoints' page and size parameters. */
final class Paging {

    static final int MAX_SIZE = 1000;

    private Paging() {}

    static void check(int page, int size) {
        if (page < 0) {
            throw Refusal.invalid("page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw Refusal.invalid("size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
        // The row offset page * size must fit the database's int offset.
        if ((long) page * size > Integer.MAX_VALUE) {
            throw Refusal.invalid("page " + page + " of size " + size + " is beyond any ledger this node can hold");
        }
    }
}
