/*
 * Past one process (issue 19, issue 13 item 14).
 *
 * worker_processes: every worker process (APDESK_ROLE=worker or all) writes its row every few
 * seconds, with the graphile-worker ids it runs jobs under. A process whose row went stale
 * was killed (kill -9, a lost host): the sweep (src/worker/sweep.ts) closes its sync runs as
 * failed with a sentence and frees its locked jobs at once, instead of graphile-worker's
 * four-hour lock timeout. Times are the database's clock, so hosts' clocks need not agree.
 *
 * sync_runs.worker_process_id: which process runs the sync (null for a sync started outside
 * a worker process, judged by its own heartbeat_at instead).
 *
 * documents.content_zstd: new originals are stored compressed by the application with zstd
 * (a 21 KB invoice becomes ~1.8 KB), with storage external so PostgreSQL does not try to
 * compress them again. Older rows keep their raw `content`; exactly one of the two is set.
 * Every reader goes through originalBytes() (src/invoices/original.ts). sha256 and size_bytes
 * remain those of the original bytes.
 */
create table worker_processes (
  id text primary key,
  hostname text not null,
  pid integer not null,
  graphile_worker_ids text[] not null default '{}',
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
comment on table worker_processes is E'One row per running worker process, its seen_at refreshed every few seconds; a stale row is a dead process.';

alter table sync_runs add column worker_process_id text;
create index sync_runs_running_idx on sync_runs (worker_process_id) where status = 'running';

alter table documents alter column content drop not null;
alter table documents add column content_zstd bytea;
alter table documents alter column content_zstd set storage external;
alter table documents add constraint documents_one_original check ((content is null) <> (content_zstd is null));
comment on column documents.content_zstd is E'The original bytes compressed with zstd by the application (content is then null).';
