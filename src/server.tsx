/*
 * The composition root: config → database → migrations → first admin → web and/or worker.
 * On SIGTERM/SIGINT it stops taking requests, lets running jobs finish, closes the pool and
 * stops the embedded database, all inside SHUTDOWN_TIMEOUT_MS, leaving no child behind.
 * Each role loads only its own modules (the web app, the job runner): a worker's live heap is a quarter smaller
 * without the pages, 30 instead of 39 MB (BENCHMARKS.md, "Validation waits for the import").
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import type { AppEnv } from './http/context';
import { makeDeps } from './http/deps';
import { withSecrets } from './local-secrets';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './ops/metrics';
import { metricsRoutes, opsRoutes } from './ops/routes';
import { lowerPriority } from './priority';
import { shutDown, type Running } from './shutdown';
import { ensureFirstAdmin } from './users/bootstrap';
import { createMailer } from './mail/delivery';
import { startDemoSandbox } from './pagero/demo-sandbox';
import { demoSeedWanted, startDemoSeed } from './demo/start';
import { newProcessId } from './worker/liveness';
import { sweepDeadWorkers } from './worker/sweep';

async function main() {
  let config;
  try {
    config = await withSecrets(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const running: Running = {};
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    try {
      const outcome = await shutDown(running, log, config.SHUTDOWN_TIMEOUT_MS);
      log.info({ outcome }, 'stopped');
      process.exit(outcome === 'clean' ? 0 : 1);
    } catch (error) {
      log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    const db = await openDatabase(config, log);
    running.db = db;
    const applied = await migrate(db.sql, { onApply: (name) => log.info({ migration: name }, 'migration applied') });
    log.info({ applied: applied.length, embedded: db.embedded }, 'database ready');
    await ensureFirstAdmin(db.sql, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, log });
    const sandbox = config.pagero.sandbox && config.APDESK_ROLE !== 'worker' ? await startDemoSandbox(config, log) : undefined;
    running.sandbox = sandbox;
    // The demo seed: embedded database + built-in sandbox + DEMO_DATA only, keyed on the sandbox's own documents.
    const prepareCompanies = demoSeedWanted(config) && sandbox ? await startDemoSeed(db.sql, () => sandbox.state.documents.values(), log) : undefined;
    const metrics = createMetrics(db.sql);
    const deps = { ...makeDeps(config, db.sql, log, metrics, db.downloads), prepareCompanies };

    if (config.APDESK_ROLE !== 'web') {
      // a process that also serves pages keeps their priority: WORKER_NICE is for worker processes only
      if (config.APDESK_ROLE === 'worker' && config.WORKER_NICE > 0) lowerPriority(config.WORKER_NICE);
      const mailer = createMailer(config.SMTP_URL, config.MAIL_FROM);
      const jobs = { sql: db.sql, log, config, mailer, pagero: deps.pagero, processId: newProcessId(), prepareCompanies };
      const { startWorker } = await import('./worker/runner');
      running.runner = await startWorker({ connectionString: db.url, concurrency: config.WORKER_CONCURRENCY, syncConcurrency: config.SYNC_CONCURRENCY, jobs, log, metrics });
    } else {
      await sweepDeadWorkers(db.sql, { log }); // at start-up: close what dead workers left "Syncing…" (workers also do it on their heartbeat)
    }
    const app = config.APDESK_ROLE === 'worker' ? new Hono<AppEnv>().route('/', opsRoutes(deps)) : (await import('./app')).createApp(deps);
    running.server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
      log.info({ port: info.port, role: config.APDESK_ROLE }, `apdesk is listening on ${config.publicUrl}`);
    }) as Server;
    if (config.METRICS_PORT !== undefined) {
      const metricsApp = new Hono<AppEnv>().route('/', metricsRoutes(deps, { internalPort: true }));
      running.metricsServer = serve({ fetch: metricsApp.fetch, port: config.METRICS_PORT, hostname: config.HOST }, (info) => {
        log.info({ port: info.port }, 'metrics are served on their own port');
      }) as Server;
    }
    running.server.on('error', async (error) => {
      startupFailed(log, error);
      await running.runner?.stop().catch(() => {});
      await running.db?.close().catch(() => {});
      process.exit(1);
    });
  } catch (error) {
    startupFailed(log, error);
    await running.db?.close().catch(() => {});
    process.exit(1);
  }
}

function startupFailed(log: Logger, error: unknown) {
  log.fatal({ err: error }, 'apdesk could not start');
  console.error(`apdesk could not start: ${(error as Error).message}`);
}

void main();
