-- Live order status across instances: every committed change to an order is announced on the channel order_status,
-- its payload the order id, and each instance's one listening connection passes it to the streams it holds.
--
-- A trigger rather than a pg_notify call from Java: it covers every statement that changes an order's status or
-- version (Orders.update, the checkout's insert, whatever a later change or an operator's fix in psql does), so no
-- code path can forget to announce. PostgreSQL delivers a notification only when its transaction commits (never for
-- one rolled back), and folds identical payloads of one transaction into one.
--
-- Updates that touch only bookkeeping columns (the expiry and stale-sync claims) change nothing a stream shows and
-- are left out by the column list. Transactions that notify commit one after another (PostgreSQL serialises them
-- to keep the queue in commit order); the cost is measured in docs/BENCHMARKS.md.
create function notify_order_status() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('order_status', new.id::text);
    return null;
end
$$;

create trigger orders_notify_status
    after insert or update of status, payment_status, fulfillment_status, version on orders
    for each row execute function notify_order_status();
