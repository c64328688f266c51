/*
 * Each worker process says it is alive: its worker_processes row (with the graphile-worker
 * ids its jobs are locked under) is refreshed every HEARTBEAT_MS, and after each refresh it
 * sweeps up after processes that stopped refreshing theirs (see sweep.ts). A clean stop
 * deletes the row, so its jobs are not waited for.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Sql } from '../db/connection';
import type { Logger } from '../logger';
import { pidNamespace, STALE_AFTER_SECONDS, sweepDeadWorkers, type SweepOptions } from './sweep';

export const HEARTBEAT_MS = 5_000;

/** abandon(): for a shutdown cut short, its jobs still locked: they are freed now, first in the queue, for the other workers. */
export type Liveness = { processId: string; beat(): Promise<void>; stop(): Promise<void>; abandon(): Promise<void> };

export function newProcessId() {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export async function startLiveness(opts: {
  sql: Sql;
  log: Logger;
  processId: string;
  /** The graphile-worker ids this process runs jobs under (they can change while it runs). */
  workerIds: () => string[];
  intervalMs?: number;
  sweep?: Omit<SweepOptions, 'log'>;
}): Promise<Liveness> {
  const { sql, log, processId } = opts;
  const staleMs = (opts.sweep?.staleAfterSeconds ?? STALE_AFTER_SECONDS) * 1000;
  let lastBeat = Date.now();
  const beat = async (first = false) => {
    await sql`
      insert into worker_processes (id, hostname, pid, pid_namespace, graphile_worker_ids)
      values (${processId}, ${hostname()}, ${process.pid}, ${pidNamespace()}, ${opts.workerIds()})
      on conflict (id) do update set graphile_worker_ids = excluded.graphile_worker_ids, seen_at = now()`;
    // After we were cut off from the database ourselves (a restart of PostgreSQL), the others
    // were too: give them a round to write their heartbeat before judging them dead.
    const cutOff = Date.now() - lastBeat > staleMs;
    lastBeat = Date.now();
    if (!cutOff) await sweepDeadWorkers(sql, { ...opts.sweep, log, self: processId, waitForOthers: first });
  };
  await beat(true); // before this process takes any job
  let running: Promise<void> = Promise.resolve();
  const next = () => (running = running.then(() => beat()).catch((error) => log.warn({ err: error }, 'worker heartbeat failed; trying again')));
  const timer = setInterval(next, opts.intervalMs ?? HEARTBEAT_MS);
  timer.unref();
  return {
    processId,
    beat: next,
    stop: async () => {
      clearInterval(timer);
      await running;
      await sql`delete from worker_processes where id = ${processId}`.catch(() => {});
    },
    abandon: async () => {
      clearInterval(timer);
      // As if this process had died: the sweep closes its runs and frees its jobs as it does for a killed worker.
      await sql`update worker_processes set seen_at = '-infinity' where id = ${processId}`;
      await sweepDeadWorkers(sql, { ...opts.sweep, log, self: processId });
    },
  };
}
