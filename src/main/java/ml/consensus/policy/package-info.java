/**
 * Approval policies: when the validators' votes approve a proposal. Pure values and functions,
 * no I/O: a policy ({@link ml.consensus.policy.ApprovalRule}) is evaluated over the set of
 * approving validators and the {@link ml.consensus.policy.Electorate} in force.
 */
package ml.consensus.policy;
