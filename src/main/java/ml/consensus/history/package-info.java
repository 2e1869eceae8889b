/**
 * Reads of the ledger's history that serve the API and the explorer: a record by hash or prefix
 * with its RFC 6962 inclusion proof, the model after every update, and the rules as they stood after
 * any block. They trust what storage returns; verification is what checks it.
 */
package ml.consensus.history;
