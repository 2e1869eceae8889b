/**
 * Operations: what the node tells the people who run it, apart from its API. Prometheus meters
 * for the ledger and for refusals ({@link ml.consensus.operations.LedgerMetrics},
 * {@link ml.consensus.operations.RefusalMetrics}) and one log line per ledger write
 * ({@link ml.consensus.operations.LedgerWriteLog}), all fed from one place each: the
 * {@link ml.consensus.writer.BlockWritten} event and the problem responses.
 */
package ml.consensus.operations;
