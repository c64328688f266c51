/*
 * Sync jobs: one per company. The job key folds requests that arrive while one is waiting into
 * that one. That a company is never synced twice at once is the sync's own advisory lock
 * (company-sync.ts), not a graphile-worker queue: a queue stays locked for hours when its
 * worker is killed, the advisory lock is released the moment the worker's connection drops.
 * The flag lets a worker process at its SYNC_CONCURRENCY leave sync jobs to others.
 * The schedule skips a company whose sync is still running (a run longer than SYNC_INTERVAL
 * must not queue another behind it: the running one lists until nothing is left): its run is
 * open, or its job is taken by a worker (between the pick-up and the run's start, after the
 * run's end, or held by a killed worker until the sweep frees it). The job key alone would not
 * do: adding a job whose keyed job is running makes a second one. A job still waiting is
 * folded by its key, so the schedule keeps at most one job a company.
 */
import type { Db } from '../db/connection';
import { SYNC_FLAG } from './concurrency';
import type { SyncTrigger } from './runs';

const SYNC_KEY_PREFIX = 'sync:company:';

/** priority: graphile-worker's (lower runs first); a job going back to the queue keeps its own (a resumed sync's RESUMED_JOB_PRIORITY). */
export async function enqueueCompanySync(db: Db, companyId: number, trigger: SyncTrigger, delaySeconds = 0, priority = 0) {
  await db`
    select graphile_worker.add_job(
      'pagero_companies__sync',
      json_build_object('companyId', ${companyId}::int, 'trigger', ${trigger}::text),
      run_at => now() + ${delaySeconds} * interval '1 second',
      job_key => ${SYNC_KEY_PREFIX + companyId},
      max_attempts => 5,
      priority => ${priority}::int,
      flags => array[${SYNC_FLAG}::text]
    )`;
}

/** Every company that at least one active connection can see; on the schedule, only those not syncing right now. */
export async function enqueueCoveredCompanies(db: Db, trigger: SyncTrigger): Promise<number> {
  const companies = await db<{ id: number }[]>`
    select distinct cc.company_id::int as id
    from pagero_connection_companies cc
    join pagero_connections c on c.id = cc.connection_id
    where c.status = 'active' and c.chain_expires_at > now()
      and (${trigger !== 'schedule'} or (
        not exists (select 1 from sync_runs r where r.company_id = cc.company_id and r.status = 'running')
        and not exists (select 1 from graphile_worker.jobs j where j.key = ${SYNC_KEY_PREFIX}::text || cc.company_id and j.locked_at is not null)))`;
  for (const { id } of companies) await enqueueCompanySync(db, id, trigger);
  return companies.length;
}

export async function enqueueConnectionCompanies(db: Db, connectionId: number, trigger: SyncTrigger) {
  const companies = await db<{ id: number }[]>`select company_id::int as id from pagero_connection_companies where connection_id = ${connectionId}`;
  for (const { id } of companies) await enqueueCompanySync(db, id, trigger);
  return companies.length;
}
