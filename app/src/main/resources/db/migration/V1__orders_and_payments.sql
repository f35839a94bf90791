-- Catalog: products are never deleted, only deactivated (soft delete), so order snapshots keep their meaning.
create table products (
    id                  uuid primary key,
    sku                 text not null unique,
    name                text not null,
    description         text not null default '',
    unit_amount         bigint not null check (unit_amount > 0 and unit_amount <= 99999999),
    currency            text not null check (currency ~ '^[a-z]{3}$'),
    active              boolean not null default true,
    printful_variant_id text,
    deleted_at          timestamptz,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    version             integer not null default 0
);

-- Inventory: invariant 5, 0 <= reserved <= on_hand, enforced by the database.
create table stock (
    product_id uuid primary key references products (id),
    on_hand    integer not null,
    reserved   integer not null default 0,
    updated_at timestamptz not null,
    constraint stock_on_hand_not_negative check (on_hand >= 0),
    constraint stock_reserved_within_on_hand check (reserved >= 0 and reserved <= on_hand)
);

create sequence order_number_seq;

create table orders (
    id                     uuid primary key,
    number                 text not null unique,
    checkout_id            text not null unique,
    checkout_fingerprint   text not null,
    status                 text not null check (status in ('pending_payment', 'paid', 'canceled')),
    payment_status         text not null
        check (payment_status in ('unpaid', 'processing', 'paid', 'partially_refunded', 'refunded')),
    fulfillment_status     text not null default 'unfulfilled',
    currency               text not null check (currency ~ '^[a-z]{3}$'),
    subtotal               bigint not null check (subtotal >= 0),
    shipping               bigint not null check (shipping >= 0),
    total                  bigint not null check (total = subtotal + shipping),
    amount_paid            bigint not null default 0 check (amount_paid >= 0),
    amount_refunded        bigint not null default 0 check (amount_refunded >= 0),
    email                  text not null,
    shipping_address       jsonb not null,
    attention_reasons      text[] not null default '{}',
    reservation_expires_at timestamptz not null,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    paid_at                timestamptz,
    canceled_at            timestamptz,
    sync_attempts          integer not null default 0,
    last_sync_attempt      timestamptz,
    version                integer not null default 0
);

create index orders_created_at_idx on orders (created_at desc);
create index orders_pending_idx on orders (reservation_expires_at) where status = 'pending_payment';

create table order_items (
    order_id    uuid not null references orders (id),
    line_no     integer not null,
    product_id  uuid not null references products (id),
    sku         text not null,
    name        text not null,
    unit_amount bigint not null check (unit_amount > 0),
    quantity    integer not null check (quantity between 1 and 100),
    line_total  bigint not null check (line_total = unit_amount * quantity),
    primary key (order_id, line_no)
);

-- One reservation per order line; its status only moves forward (active -> committed | released, committed -> restored).
create table reservations (
    order_id   uuid not null references orders (id),
    product_id uuid not null references products (id),
    quantity   integer not null check (quantity > 0),
    status     text not null check (status in ('active', 'committed', 'released', 'restored')),
    expires_at timestamptz not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    primary key (order_id, product_id)
);

create index reservations_active_expiry_idx on reservations (expires_at) where status = 'active';

create table order_timeline (
    id       bigint generated always as identity primary key,
    order_id uuid not null references orders (id),
    at       timestamptz not null,
    type     text not null,
    source   text not null check (source in ('checkout', 'webhook', 'confirm', 'reconciler', 'admin', 'system')),
    data     jsonb not null default '{}'
);

create index order_timeline_order_idx on order_timeline (order_id, id);

-- The PaymentIntent <-> order link. Invariant 1: one attempt per PaymentIntent and per Checkout Session, and at most
-- one succeeded payment per order.
create table payment_attempts (
    id                  uuid primary key,
    order_id            uuid not null references orders (id),
    attempt_no          integer not null check (attempt_no > 0),
    kind                text not null check (kind in ('payment_intent', 'checkout_session')),
    status              text not null check (status in ('creating', 'requires_payment_method', 'requires_confirmation',
                                 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled',
                                 'failed', 'duplicate')),
    idempotency_key     text not null unique,
    payment_intent_id   text unique,
    checkout_session_id text unique,
    client_secret       text,
    amount              bigint not null check (amount > 0),
    currency            text not null check (currency ~ '^[a-z]{3}$'),
    amount_received     bigint not null default 0 check (amount_received >= 0),
    last_failure        text,
    last_failure_charge text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    unique (order_id, attempt_no)
);

create unique index payment_attempts_one_success_per_order on payment_attempts (order_id) where status = 'succeeded';
create index payment_attempts_creating_idx on payment_attempts (created_at) where status = 'creating';

-- Invariant 7: every verified webhook is stored before it is acknowledged, once per event id, and kept.
create table webhook_events (
    id              bigint generated always as identity primary key,
    source          text not null,
    event_id        text not null,
    type            text not null,
    api_version     text,
    livemode        boolean not null default false,
    object_id       text,
    event_created   timestamptz,
    payload         text not null,
    status          text not null check (status in ('received', 'processed', 'ignored', 'failed')),
    attempts        integer not null default 0,
    last_error      text,
    next_attempt_at timestamptz not null,
    received_at     timestamptz not null,
    processed_at    timestamptz,
    unique (source, event_id)
);

create index webhook_events_due_idx on webhook_events (next_attempt_at) where status = 'received';
create index webhook_events_object_idx on webhook_events (object_id);
