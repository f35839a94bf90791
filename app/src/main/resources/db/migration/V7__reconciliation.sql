-- Where the events catch-up stands: the creation time of the newest Stripe event already taken in.
create table reconciliation_cursors (
    name       text primary key,
    position   timestamptz not null,
    updated_at timestamptz not null
);

-- How an event reached the inbox: pushed by a webhook, or pulled from the Events API by the catch-up.
alter table webhook_events add column received_via text not null default 'webhook'
    check (received_via in ('webhook', 'events_api'));

create index orders_stale_sync_idx on orders (coalesce(last_sync_attempt, created_at)) where status = 'pending_payment';
