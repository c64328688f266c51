import assert from 'node:assert/strict';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { run, Logger as WorkerLogger, type WorkerEvents } from 'graphile-worker';
import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/logger';
import { shutDown } from '../../src/shutdown';
import { startLiveness } from '../../src/worker/liveness';
import { useTestDatabase } from '../helpers/database';

describe('graceful shutdown', () => {
  const t = useTestDatabase();
  before(async () => {
    await t.db.sql`create table finished (name text)`;
  });

  it('finishes the running job and the in-flight request before closing', async () => {
    let jobStarted = false;
    const runner = await run({
      connectionString: t.db.url,
      concurrency: 1,
      noHandleSignals: true,
      pollInterval: 200,
      logger: new WorkerLogger(() => () => {}),
      taskList: {
        slow: async () => {
          jobStarted = true;
          await sleep(1500);
          await t.db.sql`insert into finished values ('job')`;
        },
      },
    });
    const app = new Hono().get('/slow', async (c) => {
      await sleep(800);
      return c.text('done');
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;

    await runner.addJob('slow', {});
    while (!jobStarted) await sleep(50);
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.text());
    await sleep(100);
    let dbClosed = false;
    const outcome = await shutDown({ server, runner, db: { close: async () => void (dbClosed = true) } }, createLogger('silent'), 9000);

    assert.equal(outcome, 'clean');
    assert.equal(await inFlight, 'done');
    assert.deepEqual((await t.db.sql`select name from finished`).map((r) => r.name), ['job']);
    assert.equal((await t.db.sql`select count(*)::int as n from graphile_worker.jobs`)[0]!.n, 0, 'the job completed, not abandoned');
    assert.ok(dbClosed);
    const refused = await fetch(`http://127.0.0.1:${port}/slow`).then(() => false, () => true);
    assert.ok(refused, 'no new requests after shutdown');
  });

  it('past the deadline, frees the job still running for the other workers instead of leaving it locked', async () => {
    // Setup: a worker process's runner and heartbeat, as src/worker/runner.ts wires them, running a job that outlasts the deadline
    const events: WorkerEvents = new EventEmitter();
    const workerIds = new Set<string>();
    events.on('worker:create', ({ worker }) => workerIds.add(worker.workerId));
    events.on('pool:create', ({ workerPool }) => workerIds.add(workerPool.id));
    const log = createLogger('silent');
    const liveness = await startLiveness({ sql: t.db.sql, log, processId: 'test-host:1:cut', workerIds: () => [...workerIds] });
    let started = false;
    const runner = await run({
      connectionString: t.db.url,
      concurrency: 1,
      noHandleSignals: true,
      pollInterval: 200,
      events,
      logger: new WorkerLogger(() => () => {}),
      taskList: { endless: async () => void ((started = true), await sleep(3000)) },
    });
    await liveness.beat();
    const job = await runner.addJob('endless', {});
    while (!started) await sleep(50);
    await liveness.beat();

    // Action: a shutdown whose deadline passes while the job runs
    const outcome = await shutDown({ runner: Object.assign(runner, { abandon: () => liveness.abandon() }) }, log, 300);

    // Assertions: the job is free again, first in line, and the process is no longer listed
    assert.equal(outcome, 'forced');
    const [row] = await t.db.sql`select locked_by, priority from graphile_worker.jobs where id = ${job.id}`;
    assert.equal(row!.lockedBy, null, 'unlocked: another worker may run it now');
    assert.equal(row!.priority, -1);
    assert.equal((await t.db.sql`select count(*)::int as n from worker_processes where id = 'test-host:1:cut'`)[0]!.n, 0);
    await sleep(3000); // the cut job's own end, before the test database goes
  });
});
