-- Fulfillment at the provider (Printful): one row per paid order, whose order number is the provider order's
-- external_id (Printful has no idempotency header: the external id is the key). Work on it is due at next_attempt_at;
-- a worker claims it under a lease (claim_id, leased_until) that nothing but the holder's own result or the lease's end
-- gives up. attempts counts submission calls begun, so an attempt after the first knows an earlier one may have reached
-- Printful and reads before it repeats; cancel_attempts counts cancellation tries.
create table fulfillments (
    order_id           uuid primary key references orders (id),
    provider           text        not null default 'printful',
    external_id        text        not null unique,
    status             text        not null check (status in ('pending', 'blocked', 'submitted', 'in_production',
                                                              'on_hold', 'partially_shipped', 'shipped', 'failed',
                                                              'canceled')),
    provider_order_id  bigint,
    provider_status    text,
    attempts           integer     not null default 0,
    last_error         text,
    blocked_products   uuid[]      not null default '{}',
    -- A full refund asked for the provider order to be canceled; the worker does it (or flags the order).
    cancel_requested   boolean     not null default false,
    cancel_attempts    integer     not null default 0,
    next_attempt_at    timestamptz,
    claim_id           uuid,
    leased_until       timestamptz,
    -- When the provider order was last read (its own "updated" time, and ours): an older read never overwrites a newer.
    provider_updated_at timestamptz,
    synced_at          timestamptz,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);

create index fulfillments_due on fulfillments (next_attempt_at) where next_attempt_at is not null;
create index fulfillments_active on fulfillments (synced_at)
    where status in ('submitted', 'in_production', 'on_hold', 'partially_shipped', 'canceled');
create index fulfillments_blocked on fulfillments using gin (blocked_products) where status = 'blocked';

-- Every package the provider shipped, once each (a reshipment is a package of its own).
create table shipments (
    id                   uuid primary key,
    order_id             uuid        not null references fulfillments (order_id),
    provider_shipment_id text        not null,
    carrier              text,
    service              text,
    tracking_number      text,
    tracking_url         text,
    shipped_at           timestamptz not null,
    reshipment           boolean     not null default false,
    items                jsonb       not null,
    created_at           timestamptz not null,
    unique (order_id, provider_shipment_id)
);

create index shipments_by_order on shipments (order_id, shipped_at);
