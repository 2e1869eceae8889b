/**
 * The ledger as values: blocks, block headers, records and their types, the Merkle tree, proof of
 * work, the chain verifier and the export format. Pure: no Spring, no storage; the same code checks a
 * live ledger, an exported file and a peer's copy.
 */
package ml.consensus.ledger;
