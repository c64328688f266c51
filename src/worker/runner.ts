/*
 * graphile-worker inside our process. It owns its own schema (migrated by run()), we own
 * the signals: stop() lets running jobs finish before the pools close.
 */
import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import { crontab, taskList, type JobDeps } from '../../jobs/index';
import type { Logger } from '../logger';
import type { Metrics } from '../ops/metrics';

export async function startWorker(opts: { connectionString: string; concurrency: number; jobs: JobDeps; log: Logger; metrics: Metrics }): Promise<Runner> {
  const runner = await run({
    connectionString: opts.connectionString,
    concurrency: opts.concurrency,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: taskList(opts.jobs),
    crontab: crontab(opts.jobs.config),
    logger: workerLogger(opts.log),
  });
  runner.events.on('job:success', ({ job }) => opts.metrics.jobs.inc({ task: job.task_identifier, outcome: 'success' }));
  runner.events.on('job:error', ({ job }) => opts.metrics.jobs.inc({ task: job.task_identifier, outcome: 'error' }));
  runner.events.on('job:failed', ({ job }) => opts.metrics.jobs.inc({ task: job.task_identifier, outcome: 'failed' }));
  opts.log.info({ concurrency: opts.concurrency }, 'worker started');
  return runner;
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
