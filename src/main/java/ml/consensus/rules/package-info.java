/**
 * The consensus rules, each defined once: proposal content and hashes, the lifecycle of a proposal,
 * approval policies over the electorate in force, governance changes, stake (bonds, weights,
 * slashing), and the record bodies the rules write ({@link ml.consensus.rules.ConsensusRecords}).
 * {@link ml.consensus.rules.LedgerRules} checks a chain of records against all of them. Pure: no
 * Spring, no storage.
 */
package ml.consensus.rules;
