-- Customer emails, one row per fact (an order paid, a refund succeeded, later a shipment sent): the unique fact key
-- makes a listener that runs again, on any instance, write nothing new. The row holds the rendered email; sending
-- claims it (status pending, next_attempt_at in the past) by moving next_attempt_at ahead as a lease.
create table notifications (
    id              uuid primary key,
    order_id        uuid        not null,
    kind            text        not null check (kind in ('order_confirmation', 'refund_confirmation', 'shipping_confirmation')),
    fact_key        text        not null unique,
    "to"            text        not null,
    subject         text        not null,
    text_body       text        not null,
    html_body       text        not null,
    status          text        not null check (status in ('stored', 'pending', 'sent', 'failed')),
    attempts        integer     not null default 0,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    next_attempt_at timestamptz
);

create index notifications_by_order on notifications (order_id, created_at);
create index notifications_newest on notifications (created_at desc);
create index notifications_due on notifications (next_attempt_at) where status = 'pending';
