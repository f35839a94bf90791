-- What the operations gauges and health read on every refresh, on each instance, without reading whole tables:
-- dead-lettered events (the backlog, 'received', has its index from V1), orders needing attention, and fulfillments
-- not yet handed to the provider.
create index webhook_events_failed_idx on webhook_events (source) where status = 'failed';
create index orders_attention_idx on orders (id) where cardinality(attention_reasons) > 0;
create index fulfillments_backlog_idx on fulfillments (created_at) where status in ('pending', 'blocked', 'failed');
