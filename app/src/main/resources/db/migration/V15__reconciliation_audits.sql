-- The scheduled audit's reports: the latest feeds the reconciliation-mismatch gauges on every instance; a few are
-- kept so an operator can see when a mismatch first appeared.
create table reconciliation_audits (
    id            bigint generated always as identity primary key,
    window_from   timestamptz not null,
    window_to     timestamptz not null,
    generated_at  timestamptz not null,
    clean         boolean     not null,
    counts        jsonb       not null,
    examples      jsonb       not null
);

create index reconciliation_audits_generated_idx on reconciliation_audits (generated_at desc);
