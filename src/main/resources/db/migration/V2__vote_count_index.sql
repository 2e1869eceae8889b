-- Checking a vote counts a proposal's approvals and rejections; with the record type in the
-- index the count reads index entries only, not every row about the proposal.
create index records_proposal_type_idx on records (proposal_hash, record_type);
