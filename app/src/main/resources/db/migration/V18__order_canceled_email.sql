-- A placed order canceled with its authorization released (capture on fulfillment) is told to its customer: one more
-- kind of customer email.
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
    check (kind in ('order_confirmation', 'refund_confirmation', 'shipping_confirmation', 'order_canceled'));
