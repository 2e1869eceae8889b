-- Cluster mode (docs/multi-node.md): the index of the last replicated-log entry this node applied,
-- written in the same transaction as the block that entry carried, so that a restart resumes the
-- log at the right entry (neither losing nor repeating a block). One row; 0 = none applied yet, and
-- it stays 0 on a node that is not in a cluster.
create table replicated_log_position (
    position_id  integer not null primary key,
    last_applied bigint  not null
);

insert into replicated_log_position (position_id, last_applied) values (1, 0);
