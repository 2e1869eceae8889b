-- The ledger: blocks and the records they hold. Portable SQL (H2 and PostgreSQL).
-- Hashes are 64 lower-case hex characters. The unique constraints are the database's share of
-- the consensus rules: one block per index, one successor per block (no forks), one proposal per
-- hash, one vote per validator per proposal, one apply per proposal.

create table blocks (
    block_index     bigint       not null primary key,
    block_hash      varchar(64)  not null,
    previous_hash   varchar(64)  not null,
    merkle_root     varchar(64)  not null,
    block_timestamp varchar(64)  not null,
    difficulty      integer      not null,
    nonce           bigint       not null,
    record_count    integer      not null,
    constraint blocks_hash_unique unique (block_hash),
    constraint blocks_previous_unique unique (previous_hash)
);

create table records (
    record_hash     varchar(64)       not null primary key,
    block_index     bigint            not null,
    record_position integer           not null,
    record_type     varchar(40)       not null,
    proposal_hash   varchar(64),
    validator_id    varchar(128),
    unique_key      varchar(300),
    body            varchar(1000000)  not null,
    constraint records_block_fk foreign key (block_index) references blocks (block_index),
    constraint records_position_unique unique (block_index, record_position),
    constraint records_key_unique unique (unique_key)
);

create index records_type_idx on records (record_type, block_index, record_position);
create index records_proposal_idx on records (proposal_hash, block_index, record_position);
