-- Publications are deleted as they complete (spring.modulith.events.completion-mode: delete, the default here), so
-- every row was written with no completion date and an entry for that null (issue 18; see V21). Only the purge of
-- completed rows (update mode) reads this index, by completion_date < ?; Modulith looks incomplete rows up with the
-- event (its hash index) or by status and completion date together.
drop index event_publication_by_completion_date_idx;
create index event_publication_by_completion_date_idx on event_publication (completion_date)
    where completion_date is not null;
