-- Marketplace sellers on Stripe Connect: each has an Express connected account; products may belong to one.
create table sellers (
    id                 uuid primary key,
    name               text        not null check (length(name) between 1 and 200),
    email              text,
    commission_bps     int         not null check (commission_bps between 0 and 10000),
    -- Null until Stripe created the account (its create call is repeated with the same key until it answers).
    stripe_account_id  text unique,
    charges_enabled    boolean     not null default false,
    payouts_enabled    boolean     not null default false,
    details_submitted  boolean     not null default false,
    requirements       jsonb       not null default '{}'::jsonb,
    -- Stripe's time of the account state held here (an event's creation, or the moment it was read): an older event
    -- never overwrites a newer state.
    account_as_of      timestamptz,
    -- When the account was last read from Stripe itself (events do not count): a copy older than the staleness limit
    -- is read again before it is shown.
    account_read_at    timestamptz,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    version            bigint      not null default 0
);

alter table products add column seller_id uuid references sellers (id);
create index products_seller_idx on products (seller_id) where seller_id is not null;

-- A destination charge: where its money goes and the platform's fee, fixed when the attempt opens so a repeat of the
-- create call sends the same parameters.
alter table payment_attempts add column transfer_destination text;
alter table payment_attempts add column application_fee_amount bigint check (application_fee_amount >= 0);

-- The seller's share of an order (the seller module's own table), and what Stripe says of its transfer.
create table seller_orders (
    order_id                uuid primary key,
    seller_id               uuid        not null references sellers (id),
    stripe_account_id       text        not null,
    commission_bps          int         not null,
    application_fee_amount  bigint      not null check (application_fee_amount >= 0),
    transfer_id             text,
    transfer_amount         bigint,
    transfer_reversed       bigint,
    fee_refunded            bigint,
    transfer_read_at        timestamptz,
    created_at              timestamptz not null
);
create index seller_orders_seller_idx on seller_orders (seller_id, created_at desc);
