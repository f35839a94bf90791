-- Authorize at checkout, capture when fulfillment is under way (CHECKSTAND_CAPTURE=on_fulfillment).
alter table orders drop constraint orders_payment_status_check;
alter table orders add constraint orders_payment_status_check
    check (payment_status in ('unpaid', 'processing', 'authorized', 'paid', 'partially_refunded', 'refunded'));
-- What the order's authorization holds on the customer's card (0 when it never had one); amount_paid is what was
-- captured of it.
alter table orders add column amount_authorized bigint not null default 0 check (amount_authorized >= 0);

-- capture_method is fixed when the attempt opens, so a repeat of its create call sends the same parameters.
alter table payment_attempts add column capture_method text not null default 'automatic'
    check (capture_method in ('automatic', 'manual'));
-- An attempt 'authorized' holds its order's authorization: its amount, when Stripe lets it lapse, and once a capture
-- or release is decided (before Stripe is called), the amount to capture or why it is released.
alter table payment_attempts add column amount_authorized bigint not null default 0 check (amount_authorized >= 0);
alter table payment_attempts add column capture_before timestamptz;
alter table payment_attempts add column amount_to_capture bigint check (amount_to_capture > 0);
alter table payment_attempts add column release_reason text;
alter table payment_attempts add column next_capture_check_at timestamptz;

alter table payment_attempts drop constraint payment_attempts_status_check;
alter table payment_attempts add constraint payment_attempts_status_check
    check (status in ('creating', 'requires_payment_method', 'requires_confirmation', 'requires_action', 'processing',
                      'requires_capture', 'authorized', 'succeeded', 'canceled', 'failed', 'duplicate',
                      'succeeded_after_cancel'));
-- Invariant 1, with holds: at most one attempt per order holds its authorization or took its payment (the attempt
-- that captures is the one that held it).
drop index payment_attempts_one_success_per_order;
create unique index payment_attempts_one_success_per_order on payment_attempts (order_id)
    where status in ('authorized', 'succeeded');
create index payment_attempts_authorized_idx on payment_attempts (next_capture_check_at) where status = 'authorized';
