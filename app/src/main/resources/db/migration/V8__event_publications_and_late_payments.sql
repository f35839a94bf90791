-- Spring Modulith's event publication registry (its PostgreSQL schema, v2): one row per event and listener, written
-- in the transaction that publishes the event and completed when the listener has run. Incomplete rows are
-- re-submitted on start-up and by the event-resubmission job.
create table event_publication (
    id                     uuid not null primary key,
    listener_id            text not null,
    event_type             text not null,
    serialized_event       text not null,
    publication_date       timestamptz not null,
    completion_date        timestamptz,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamptz
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);

-- A payment that succeeded for an order canceled before the money arrived: recorded on its attempt, refunded in full.
alter table payment_attempts drop constraint payment_attempts_status_check;
alter table payment_attempts add constraint payment_attempts_status_check
    check (status in ('creating', 'requires_payment_method', 'requires_confirmation', 'requires_action', 'processing',
                      'requires_capture', 'succeeded', 'canceled', 'failed', 'duplicate', 'succeeded_after_cancel'));
