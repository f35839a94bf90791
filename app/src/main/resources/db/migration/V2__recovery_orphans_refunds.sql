-- Checkout Sessions: the hosted page and when the session stops accepting payment.
alter table payment_attempts add column checkout_url text;
alter table payment_attempts add column expires_at timestamptz;
alter table payment_attempts add column recovery_attempts integer not null default 0;
alter table payment_attempts add column next_recovery_at timestamptz;

-- Invariant 2: a succeeded payment that matches no order is recorded for an admin, never dropped.
create table orphaned_payments (
    payment_intent_id text primary key,
    status            text not null,
    amount_received   bigint not null,
    currency          text not null,
    metadata          jsonb not null default '{}',
    source            text not null,
    first_seen_at     timestamptz not null,
    last_seen_at      timestamptz not null,
    resolved_at       timestamptz
);

-- Refunds, per payment attempt (the PaymentIntent they return money from). Written in state 'creating' with their
-- idempotency key before Stripe is called (invariant 6).
create table refunds (
    id               uuid primary key,
    order_id         uuid not null references orders (id),
    attempt_id       uuid not null references payment_attempts (id),
    stripe_refund_id text unique,
    amount           bigint not null check (amount > 0),
    currency         text not null check (currency ~ '^[a-z]{3}$'),
    status           text not null
        check (status in ('creating', 'pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
    reason           text,
    source           text not null check (source in ('admin', 'stripe', 'system')),
    idempotency_key  text unique,
    request_hash     text,
    failure_reason   text,
    recovery_attempts integer not null default 0,
    next_recovery_at timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

create index refunds_order_idx on refunds (order_id);
create index refunds_creating_idx on refunds (next_recovery_at) where status = 'creating';
create index payment_attempts_recovery_idx on payment_attempts (next_recovery_at) where status = 'creating';
drop index payment_attempts_creating_idx;
