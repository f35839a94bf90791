-- Health reads the dead letters on every call: webhook events and customer emails that failed for good. They are a
-- small part of tables that only grow, so each gets a partial index of its own; the backlogs (status received,
-- pending) have theirs already. Not built concurrently: Flyway holds a transaction open for its lock while it
-- migrates, which a concurrent build would wait for forever; the build blocks writes to the table while it reads it.
create index webhook_events_failed_idx on webhook_events (processed_at) where status = 'failed';
create index notifications_failed_idx on notifications (created_at) where status = 'failed';
