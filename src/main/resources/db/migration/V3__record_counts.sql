-- Record counts per type, kept in the same transaction as the records, so that the status
-- endpoint reads a few rows instead of counting a ledger that only grows.
create table record_counts (
    record_type  varchar(40) not null primary key,
    record_count bigint      not null
);

insert into record_counts (record_type, record_count)
    select record_type, count(*) from records group by record_type;
