-- Customer proof: the order tokens a checkout answered with, kept only as SHA-256 hashes. A repeated checkout (same
-- checkout id, same content) is answered with a further token, so an order may hold several; only the newest few are
-- kept (Orders.addTokenHash).
create table order_tokens (
    id         bigint generated always as identity primary key,
    order_id   uuid not null references orders (id),
    token_hash bytea not null check (octet_length(token_hash) = 32),
    created_at timestamptz not null
);

create index order_tokens_order_idx on order_tokens (order_id, id desc);
