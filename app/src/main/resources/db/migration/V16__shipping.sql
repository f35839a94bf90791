-- Shipping priced for the currency and the destination (issue 21).

-- The admin's rules, in the order they were given. With none stored, the default rule applies:
-- CHECKSTAND_SHIPPING_FLAT_AMOUNT in CHECKSTAND_DEFAULT_CURRENCY to every country.
create table shipping_rules (
    position    int primary key,
    currency    text not null,
    zone        text not null,
    countries   text[] not null,            -- ISO 3166-1 alpha-2 codes, or '*' alone: every country no other rule of the currency names
    kind        text not null check (kind in ('flat', 'printful')),
    amount      bigint not null check (amount >= 0),   -- flat: the charge; printful: the fallback when Printful does not answer
    free_above  bigint check (free_above >= 0),        -- a subtotal from which shipping is free
    method      text not null,              -- the Printful shipping method the order is sent with, e.g. STANDARD
    method_name text not null,              -- what the customer reads
    min_days    int check (min_days >= 0),
    max_days    int check (max_days >= min_days),
    updated_at  timestamptz not null
);

-- The quote each order was charged, kept as it was: the rules may change after.
create table order_shipping (
    order_id    uuid primary key references orders (id),
    amount      bigint not null,
    currency    text not null,
    method      text not null,
    method_name text not null,
    zone        text not null,
    source      text not null,              -- flat, free, printful, printful_fallback
    min_days    int,
    max_days    int,
    quoted_at   timestamptz not null
);
