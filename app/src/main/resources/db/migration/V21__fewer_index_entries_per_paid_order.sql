-- Index entries a paid order writes and nothing reads (issue 18: a paid order's PostgreSQL CPU goes with the rows
-- and index entries it writes). This and the next two migrations each replace one index by one that answers the same
-- statements. Each is a transaction of its own that takes one table whole: a migration holding one table while it
-- waits for another could deadlock with a running instance's payment, which takes several.

-- The timeline is only ever read by order, in the order it was written (order_id, id). The primary key on id alone
-- was a second index on every entry; the key (order_id, id) is the one index both need. id stays an identity column.
alter table order_timeline drop constraint order_timeline_pkey;
drop index order_timeline_order_idx;
alter table order_timeline add constraint order_timeline_pkey primary key (order_id, id);
