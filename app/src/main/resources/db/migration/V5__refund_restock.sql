-- Refunds may return sold units to stock, once, at most what was sold.
alter table reservations add column restocked integer not null default 0;
alter table reservations add constraint reservations_restocked_within_quantity
    check (restocked >= 0 and restocked <= quantity);

-- A refund remembers what it restocked, so a repeat of the same request restocks nothing.
alter table refunds add column restock jsonb not null default '[]';

-- Refunds are looked up by the PaymentIntent's attempt when Stripe reports one made in its dashboard.
create index refunds_attempt_idx on refunds (attempt_id);
