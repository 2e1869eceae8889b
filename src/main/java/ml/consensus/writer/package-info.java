/**
 * The one writer of the ledger ({@link ml.consensus.writer.LedgerWriter}): group commit of queued
 * writes into one mined block, the records pending in the block being assembled, the head this node
 * has reached and its anchor file, the served model and the rules in force for the next block.
 */
package ml.consensus.writer;
