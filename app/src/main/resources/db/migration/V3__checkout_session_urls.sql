-- A Checkout Session is re-created with exactly the same parameters after a crash (same idempotency key), so the
-- URLs the storefront asked for are kept with the attempt.
alter table payment_attempts add column success_url text;
alter table payment_attempts add column cancel_url text;
