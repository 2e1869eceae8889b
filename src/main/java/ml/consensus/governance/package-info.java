/**
 * Governance on the live node: proposing and applying changes to the validator set, the approval
 * policy and the stake rules ({@link ml.consensus.governance.GovernanceService}), and declaring the
 * configured rules on a new ledger ({@link ml.consensus.governance.RulesDeclaration}). What a change
 * may do is decided in {@code rules}; writes go through the {@code writer}.
 */
package ml.consensus.governance;
