import type { Db } from '../db/connection';

export type SyncTrigger = 'schedule' | 'manual' | 'connected';
export type SyncCounters = { documentsSeen: number; imported: number; alreadyImported: number; quarantined: number; duplicates: number; errors: number };
export type SyncRun = SyncCounters & {
  id: number;
  companyId: number;
  connectionId: number | null;
  trigger: SyncTrigger;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  heartbeatAt: Date;
  error: string | null;
};

export const emptyCounters = (): SyncCounters => ({ documentsSeen: 0, imported: 0, alreadyImported: 0, quarantined: 0, duplicates: 0, errors: 0 });

/** A run left "running" by a worker that died is closed as failed when the next one starts. */
export async function startRun(db: Db, companyId: number, trigger: SyncTrigger, processId: string | null = null): Promise<number> {
  await db`
    update sync_runs set status = 'failed', finished_at = now(), error = 'the worker stopped during this sync; the next sync picked up where it left off'
    where company_id = ${companyId} and status = 'running'`;
  const [row] = await db<{ id: number }[]>`insert into sync_runs (company_id, trigger, worker_process_id) values (${companyId}, ${trigger}, ${processId}) returning id::int`;
  return row!.id;
}

export async function saveProgress(db: Db, runId: number, counters: SyncCounters, connectionId: number | null) {
  await db`
    update sync_runs set
      documents_seen = ${counters.documentsSeen}, imported = ${counters.imported}, already_imported = ${counters.alreadyImported},
      quarantined = ${counters.quarantined}, duplicates = ${counters.duplicates}, errors = ${counters.errors},
      connection_id = ${connectionId}, heartbeat_at = now()
    where id = ${runId}`;
}

export async function finishRun(db: Db, runId: number, counters: SyncCounters, connectionId: number | null, error: string | null) {
  await saveProgress(db, runId, counters, connectionId);
  await db`update sync_runs set status = ${error ? 'failed' : 'succeeded'}, error = ${error}, finished_at = now() where id = ${runId}`;
}

const columns = (db: Db) =>
  db`id::int, company_id::int, connection_id::int, trigger, status, started_at, finished_at, heartbeat_at,
     documents_seen, imported, already_imported, quarantined, duplicates, errors, error`;

export const companyRuns = (db: Db, companyId: number, limit = 50) =>
  db<SyncRun[]>`select ${columns(db)} from sync_runs where company_id = ${companyId} order by started_at desc, id desc limit ${limit}`;

/** The latest run of each company. */
export const latestRuns = (db: Db) =>
  db<SyncRun[]>`select distinct on (company_id) ${columns(db)} from sync_runs order by company_id, started_at desc, id desc`;
