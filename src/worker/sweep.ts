/*
 * Cleaning up after a worker process that died without stopping (kill -9, OOM, a lost host).
 * Its worker_processes row stops being refreshed; once it is STALE_AFTER_SECONDS old:
 *  - its sync runs still "running" are closed as failed with a sentence (the page stops
 *    saying "Syncing…"),
 *  - its locked graphile-worker jobs are unlocked and put first in the queue, so the next free
 *    worker (or it, restarted) runs them now instead of after graphile-worker's four-hour lock
 *    timeout or after every job queued before them; the sync's
 *    advisory lock went with the dead process's connection, so the company syncs again and
 *    picks up where it stopped (unacknowledged documents are listed again),
 *  - its row is removed.
 * Runs started outside a worker process (no worker_process_id) count as dead when their own
 * heartbeat (touched after each page) is older than ORPHAN_RUN_MINUTES.
 * Every worker process sweeps after each heartbeat, and every process once at start-up; two
 * sweeping at once is harmless (rows are claimed with skip locked).
 */
import type { Sql } from '../db/connection';
import type { Logger } from '../logger';

export const STALE_AFTER_SECONDS = 30;
/** graphile-worker runs lower numbers first; every job apdesk queues has the default 0. */
export const RESUMED_JOB_PRIORITY = -1;
const ORPHAN_RUN_MINUTES = 10;

export const DEAD_WORKER_RUN_ERROR =
  'The worker process running this sync stopped before it finished (it was killed or its machine went away); the sync was started again and picks up where this one left off.';

export type SweepOptions = { log: Logger; staleAfterSeconds?: number };
export type SweepResult = { deadProcesses: string[]; failedRuns: number; unlockedJobs: number };

export async function sweepDeadWorkers(sql: Sql, opts: SweepOptions): Promise<SweepResult> {
  const stale = opts.staleAfterSeconds ?? STALE_AFTER_SECONDS;
  const result = await sql.begin(async (tx) => {
    const dead = await tx<{ id: string; graphileWorkerIds: string[] }[]>`
      select id, graphile_worker_ids from worker_processes
      where seen_at < now() - ${stale} * interval '1 second'
      for update skip locked`;
    const ids = dead.map((p) => p.id);
    const workerIds = dead.flatMap((p) => p.graphileWorkerIds);
    const runs = await tx`
      update sync_runs set status = 'failed', finished_at = now(), error = ${DEAD_WORKER_RUN_ERROR}
      where status = 'running'
        and (worker_process_id = any(${ids}::text[])
             or (worker_process_id is null and heartbeat_at < now() - ${ORPHAN_RUN_MINUTES} * interval '1 minute'))
      returning id`;
    let unlockedJobs = 0;
    if (workerIds.length) {
      const freed = await tx<{ id: string }[]>`select id::text from graphile_worker._private_jobs where locked_by = any(${workerIds}::text[])`;
      unlockedJobs = freed.length;
      await tx`select graphile_worker.force_unlock_workers(${workerIds}::text[])`;
      // To the front of the queue: the killed work resumes on the next free worker, ahead of companies
      // still waiting for their first turn (with more companies than workers it otherwise waited for them all).
      if (freed.length) await tx`select from graphile_worker.reschedule_jobs(${freed.map((j) => j.id)}::bigint[], run_at => now(), priority => ${RESUMED_JOB_PRIORITY})`;
    }
    if (ids.length) await tx`delete from worker_processes where id = any(${ids}::text[])`;
    return { deadProcesses: ids, failedRuns: runs.length, unlockedJobs };
  });
  if (result.deadProcesses.length || result.failedRuns) opts.log.warn(result, 'cleaned up after worker processes that stopped without a clean shutdown');
  return result;
}
