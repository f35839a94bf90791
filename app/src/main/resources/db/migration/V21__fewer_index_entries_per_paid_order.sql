-- Index entries a paid order writes and nothing reads (issue 18: a paid order's PostgreSQL CPU goes with the rows
-- and index entries it writes). Each index below is replaced by one that answers the same statements.

-- Flyway runs this as one transaction, and each change below takes its table whole until the end. Taken as they come,
-- the migration could hold order_timeline while a running instance's payment holds payment_attempts and waits for
-- order_timeline: a deadlock, the migration cancelled and its instance failing to start. The three tables are taken
-- first, in the order a payment and its follow-up take them.
lock table payment_attempts, order_timeline, event_publication in access exclusive mode;

-- The timeline is only ever read by order, in the order it was written (order_id, id). The primary key on id alone
-- was a second index on every entry; the key (order_id, id) is the one index both need. id stays an identity column.
alter table order_timeline drop constraint order_timeline_pkey;
drop index order_timeline_order_idx;
alter table order_timeline add constraint order_timeline_pkey primary key (order_id, id);

-- Publications are deleted as they complete (spring.modulith.events.completion-mode: delete, the default here), so
-- every row is written with no completion date and an entry for that null. Only the purge of completed rows
-- (update mode) reads this index, by completion_date < ?; incomplete rows are looked up by Modulith's statements,
-- whose OR over status and completion date the index did not answer.
drop index event_publication_by_completion_date_idx;
create index event_publication_by_completion_date_idx on event_publication (completion_date)
    where completion_date is not null;

-- A PaymentIntent attempt has no Checkout Session: its null took an entry in the unique index on every insert and
-- update. Nulls never conflicted; the partial index keeps the same rule for the sessions there are, and every
-- statement that looks one up asks for checkout_session_id = :session, which implies it is not null.
alter table payment_attempts drop constraint payment_attempts_checkout_session_id_key;
create unique index payment_attempts_checkout_session_id_key on payment_attempts (checkout_session_id)
    where checkout_session_id is not null;
