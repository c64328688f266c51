/*
 * One row per company sync: what it saw and did, for live progress on Settings > E-invoicing
 * and each company's sync history. The counters are written while the sync runs.
 */
create table sync_runs (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  connection_id bigint references pagero_connections (id) on delete set null,
  trigger text not null,
  status text not null default 'running',
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  heartbeat_at timestamptz not null default now(),
  documents_seen integer not null default 0,
  imported integer not null default 0,
  already_imported integer not null default 0,
  quarantined integer not null default 0,
  duplicates integer not null default 0,
  errors integer not null default 0,
  error text,
  constraint sync_runs_status_known check (status in ('running', 'succeeded', 'failed')),
  constraint sync_runs_trigger_known check (trigger in ('schedule', 'manual', 'connected'))
);
create index sync_runs_company_idx on sync_runs (company_id, started_at desc);
comment on column sync_runs.heartbeat_at is E'Touched as the sync progresses; a running row without a recent heartbeat belongs to a worker that died.';
