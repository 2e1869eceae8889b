/**
 * Training proposals on the live node: propose, vote, apply, withdraw
 * ({@link ml.consensus.proposal.ConsensusService}, {@link ml.consensus.proposal.ProposalWithdrawals}),
 * reading proposals back with their state ({@link ml.consensus.proposal.ProposalBook}), batch limits,
 * lifetimes and the dry run validators see before they vote.
 */
package ml.consensus.proposal;
