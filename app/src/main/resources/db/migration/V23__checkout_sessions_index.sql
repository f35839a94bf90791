-- A PaymentIntent attempt has no Checkout Session: its null took an entry in the unique index on every insert and
-- update (issue 18; see V21). Nulls never conflicted; the partial index keeps the same rule for the sessions there
-- are, and every statement that looks one up asks for checkout_session_id = :session, which implies it is not null.
alter table payment_attempts drop constraint payment_attempts_checkout_session_id_key;
create unique index payment_attempts_checkout_session_id_key on payment_attempts (checkout_session_id)
    where checkout_session_id is not null;
