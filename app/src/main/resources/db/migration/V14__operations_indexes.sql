-- What the operations gauges and health read on every refresh, on each instance, without reading whole tables that
-- only grow: dead-lettered events (by source, and in the last day) and emails, orders needing attention, and
-- fulfillments not yet handed to the provider. The backlogs (events received, emails pending) have theirs already.
-- Not built concurrently: Flyway holds a transaction open for its lock while it migrates, which a concurrent build
-- would wait for forever; each build blocks writes to its table while it reads it.
create index webhook_events_failed_idx on webhook_events (source, processed_at) where status = 'failed';
create index notifications_failed_idx on notifications (created_at) where status = 'failed';
create index orders_attention_idx on orders (id) where cardinality(attention_reasons) > 0;
create index fulfillments_backlog_idx on fulfillments (created_at) where status in ('pending', 'blocked', 'failed');
