/**
 * Stake on the live node: signed bonds and unbonds written through the {@code writer}, balances
 * read from storage, and the configured stake settings. The stake rules themselves are in
 * {@code rules}.
 */
package ml.consensus.stake;
