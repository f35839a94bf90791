-- The expiry job leases the orders it works on, so several instances never handle the same order at once.
alter table orders add column next_expiry_check_at timestamptz;

-- Invariant 5: a reservation's status only moves forward: active -> committed | released, committed -> restored.
create function reservations_move_forward() returns trigger language plpgsql as $$
begin
    if new.status <> old.status and not (
           (old.status = 'active' and new.status in ('committed', 'released'))
        or (old.status = 'committed' and new.status = 'restored')) then
        raise exception 'reservation of order % for product % cannot move from % to %',
            old.order_id, old.product_id, old.status, new.status using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

create trigger reservations_move_forward before update of status on reservations
    for each row execute function reservations_move_forward();

-- Products that may no longer be sold are soft-deleted; their rows stay for the orders that sold them.
create index products_active_idx on products (name) where active and deleted_at is null;
