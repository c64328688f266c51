/*
 * graphile-worker inside our process. It owns its own schema (migrated by run()), we own
 * the signals and its connection pool: stop() lets running jobs finish, then waits for the
 * pool to close. (A pool graphile-worker makes itself is ended without waiting, and its
 * error listener removed first: when the database stopped right after, an idle client's
 * "terminating connection" error then went unhandled and crashed the process.)
 */
import { EventEmitter } from 'node:events';
import { Logger as WorkerLogger, run, type Runner, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import { crontab, taskList, type JobDeps } from '../../jobs/index';
import { JOB_QUEUE_CONNECTION } from '../db/connection';
import type { Logger } from '../logger';
import type { Metrics } from '../ops/metrics';
import { SyncSlots } from '../sync/concurrency';
import { queueStaleValidations, VALIDATION_FLAG, validationOverdue } from '../validation/service';
import { closeValidationPool } from '../validation/shared-pool';
import { startLiveness } from './liveness';
import { waitingPool } from './waiting-pool';

/** abandon(): when a shutdown is cut short with jobs still running, frees them for the other workers (liveness.ts). */
export type WorkerRunner = Runner & { abandon(): Promise<void> };

export async function startWorker(opts: {
  connectionString: string;
  concurrency: number;
  syncConcurrency: number;
  jobs: JobDeps & { processId: string };
  log: Logger;
  metrics: Metrics;
}): Promise<WorkerRunner> {
  // The graphile-worker ids our jobs are locked under go into this process's heartbeat (liveness.ts).
  const events: WorkerEvents = new EventEmitter();
  const workerIds = new Set<string>();
  events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
  events.on('pool:create', ({ workerPool }) => workerIds.add(workerPool.id));
  const syncSlots = new SyncSlots(opts.syncConcurrency, { flags: [VALIDATION_FLAG], unless: validationOverdue(opts.jobs.sql) });
  // Registered before the first job can start, so a sync run never names a process without a row.
  const liveness = await startLiveness({ sql: opts.jobs.sql, log: opts.log, processId: opts.jobs.processId, workerIds: () => [...workerIds] });
  const pool = waitingPool(new pg.Pool({ connectionString: opts.connectionString, max: Math.max(10, opts.concurrency + 2), ...JOB_QUEUE_CONNECTION }), opts.log);
  // Both handlers graphile-worker checks for (it warns at every start without the second): an idle
  // pooled client's error goes to the pool, a checked-out client's error to the client itself.
  // (The error only: pg attaches the whole client to it, tens of lines per connection when PostgreSQL restarts.)
  const brief = (error: Error & { code?: string }) => ({ message: error.message, code: error.code });
  pool.on('error', (error) => opts.log.warn({ error: brief(error) }, 'worker database connection closed'));
  pool.on('connect', (client) => {
    client.on('error', (error) => opts.log.warn({ error: brief(error) }, 'worker database connection failed'));
  });
  const runner = await run({
    pgPool: pool,
    concurrency: opts.concurrency,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: taskList({ ...opts.jobs, syncSlots }),
    forbiddenFlags: syncSlots.forbiddenFlags,
    events,
    crontab: crontab(opts.jobs.config),
    logger: workerLogger(opts.log),
  }).catch(async (error) => {
    await liveness.stop();
    await pool.end();
    throw error;
  });
  await liveness.beat(); // now with the worker ids
  runner.events.on('job:success', ({ job }) => opts.metrics.jobs.inc({ task: job.task_identifier, outcome: 'success' }));
  runner.events.on('job:error', ({ job }) => opts.metrics.jobs.inc({ task: job.task_identifier, outcome: 'error' }));
  runner.events.on('job:failed', ({ job }) => opts.metrics.jobs.inc({ task: job.task_identifier, outcome: 'failed' }));
  opts.log.info({ concurrency: opts.concurrency, syncConcurrency: opts.syncConcurrency, processId: opts.jobs.processId }, 'worker started');
  // A new rules build (or invoices stored before validation existed): validate again what has no current result.
  await queueStaleValidations(opts.jobs.sql).catch((error) => opts.log.warn({ err: error }, 'could not queue the validation of stale invoices'));
  const abandonable = runner as WorkerRunner;
  abandonable.abandon = () => liveness.abandon();
  const stop = runner.stop.bind(runner);
  runner.stop = async () => {
    await stop(); // running jobs finish first: only then may the heartbeat go
    await liveness.stop();
    await closeValidationPool();
    await pool.end();
  };
  return abandonable;
}


function workerLogger(log: Logger) {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const child = log.child({ component: 'graphile-worker', ...scope });
    const fields = meta ?? {};
    if (level === 'error') child.error(fields, message);
    else if (level === 'warning') child.warn(fields, message);
    else if (level === 'info') child.info(fields, message);
    else child.debug(fields, message);
  });
}
