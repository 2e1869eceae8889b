/**
 * Verifying a ledger from its blocks alone: the chain, the genesis, the consensus rules and a replay
 * of every applied update ({@link ml.consensus.verification.LedgerVerification}); the live node's
 * {@code /verify}, its start-up and the offline verifier all run exactly this. Pure: no Spring, no
 * storage.
 */
package ml.consensus.verification;
