-- At most a thousand order ids announced per transaction, then one '*' ("many orders changed: read again all you
-- watch"), then nothing more until the transaction ends.
--
-- V13 announced every changed row. A transaction that changes many orders (a bulk load, a data fix in psql, a job
-- over a backlog) then queued as many notifications, and the listening connection of every instance read them all
-- into memory before handing on the first: a million orders seeded in the benchmark took a 256 MB heap down
-- (OutOfMemoryError on the listening thread). The count is kept in a transaction-local setting, so it starts again
-- with every transaction, and a savepoint rolled back takes its notifications and its share of the count with it.
-- PostgreSQL still folds identical payloads of one transaction into one: '*' is delivered once however often sent.
create or replace function notify_order_status() returns trigger
    language plpgsql as
$$
declare
    announced integer := coalesce(nullif(current_setting('checkstand.order_status_announced', true), ''), '0')::integer;
begin
    if announced < 1000 then
        perform set_config('checkstand.order_status_announced', (announced + 1)::text, true);
        perform pg_notify('order_status', new.id::text);
    elsif announced = 1000 then
        perform set_config('checkstand.order_status_announced', '1001', true);
        perform pg_notify('order_status', '*');
    end if;
    return null;
end
$$;
