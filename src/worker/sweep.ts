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
 * A process on this machine (same hostname and PID namespace) whose pid no longer exists is dead
 * at once, whatever its heartbeat: a worker restarted after kill -9 frees its predecessor's jobs
 * before it takes any, so the killed company resumes first instead of after a 30 s wait and
 * behind every company another worker is syncing. A reused pid only means waiting for the heartbeat.
 * Every worker process sweeps after each heartbeat, and every process once at start-up; two
 * sweeping at once is harmless (rows are claimed with skip locked). A worker's start-up sweep waits
 * for a sweep under way instead (waitForOthers): it must not take a job before the dead process's
 * jobs are freed. Skipping them, a worker restarted after kill -9 took a queued company while the
 * survivor's heartbeat sweep was freeing the killed one, which then waited 80 s for a free worker.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Sql } from '../db/connection';
import type { Logger } from '../logger';

export const STALE_AFTER_SECONDS = 30;
/** graphile-worker runs lower numbers first; every job apdesk queues has the default 0. */
export const RESUMED_JOB_PRIORITY = -1;
const ORPHAN_RUN_MINUTES = 10;

export const DEAD_WORKER_RUN_ERROR =
  'The worker process running this sync stopped before it finished (it was killed or its machine went away); the sync was started again and picks up where this one left off.';

/**
 * self: the sweeping process's own id (never judged by its pid); pidNamespace: this process's (tests set it);
 * waitForOthers: wait for rows another sweep holds rather than skip them (in id order, so two such sweeps never deadlock).
 */
export type SweepOptions = { log: Logger; staleAfterSeconds?: number; self?: string; pidNamespace?: string | null; waitForOthers?: boolean };
export type SweepResult = { deadProcesses: string[]; failedRuns: number; unlockedJobs: number };

export async function sweepDeadWorkers(sql: Sql, opts: SweepOptions): Promise<SweepResult> {
  const stale = opts.staleAfterSeconds ?? STALE_AFTER_SECONDS;
  const goneHere = await neighboursWithoutProcess(sql, opts);
  const result = await sql.begin(async (tx) => {
    const dead = await tx<{ id: string; graphileWorkerIds: string[] }[]>`
      select id, graphile_worker_ids from worker_processes
      where seen_at < now() - ${stale} * interval '1 second' or id = any(${goneHere}::text[])
      ${opts.waitForOthers ? tx`order by id for update` : tx`for update skip locked`}`;
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

/** Worker processes registered on this host and PID namespace whose pid is gone (ESRCH; EPERM means it exists). */
async function neighboursWithoutProcess(sql: Sql, opts: SweepOptions): Promise<string[]> {
  const namespace = opts.pidNamespace === undefined ? pidNamespace() : opts.pidNamespace;
  if (!namespace) return [];
  const here = await sql<{ id: string; pid: number }[]>`
    select id, pid from worker_processes where hostname = ${hostname()} and pid_namespace = ${namespace} and id <> ${opts.self ?? ''}`;
  return here.filter((p) => p.pid !== process.pid && !processExists(p.pid)).map((p) => p.id);
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Where this process's pid means something: the kernel's boot id and the PID namespace (Linux), or null. The boot id
 * tells machines apart even when their hostnames are alike (the root namespace's inode is the same on every machine).
 */
export function pidNamespace(): string | null {
  try {
    return `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}/${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return null;
  }
}
