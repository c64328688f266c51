/*
 * A sync that runs longer than SYNC_INTERVAL does not pile up jobs: the schedule skips a
 * company whose sync is running (its run open or its job taken), folds ticks into a waiting job, and a scheduled job that finds the company being synced by
 * another worker ends without queueing another (the running sync lists until nothing is left).
 * Someone's "Sync now" still queues one, to look again shortly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pageroCompaniesSync } from '../../jobs/pagero_companies__sync';
import type { JobDeps } from '../../jobs/index';
import { SYNC_LOCK } from '../../src/sync/company-sync';
import { SyncSlots } from '../../src/sync/concurrency';
import { enqueueCoveredCompanies } from '../../src/sync/enqueue';
import { RESUMED_JOB_PRIORITY } from '../../src/worker/sweep';
import { useSandboxPair } from '../helpers/pagero';
import { companyWithInvoices, syncDeps } from './helpers';

describe('the sync schedule while a sync runs long', () => {
  const t = useSandboxPair({}, { seedDemo: false });

  it('queues nothing more for a company that is syncing, unless someone asks', async () => {
    const sql = t.db.sql;
    const company = await companyWithInvoices(t.pair, sql, { count: 3 });
    const jobs = async () => (await sql`select key, run_at > now() + interval '20 seconds' as later, flags from graphile_worker._private_jobs where key like 'sync:company:%'`).map((j) => ({ ...j }));
    await sql`delete from graphile_worker._private_jobs`;
    await sql`insert into worker_processes (id, hostname, pid) values ('busy:1:aa', 'busy', 1)`;
    await sql`insert into sync_runs (company_id, trigger, worker_process_id) values (${company.companyId}, 'schedule', 'busy:1:aa')`;

    // The cron tick
    assert.equal(await enqueueCoveredCompanies(sql, 'schedule'), 0);
    assert.deepEqual(await jobs(), []);

    // A scheduled job that was already queued finds the company locked by the running sync
    const holder = await sql.reserve();
    await holder`select pg_advisory_lock(${SYNC_LOCK}, ${company.companyId}::int)`;
    try {
      const deps = { ...syncDeps(t.pair, sql), config: t.pair.app.config, syncSlots: new SyncSlots(1) } as unknown as JobDeps;
      const run = pageroCompaniesSync(deps);
      await run({ companyId: company.companyId, trigger: 'schedule' }, {} as never);
      assert.deepEqual(await jobs(), [], 'nothing queued behind the running sync');
      await run({ companyId: company.companyId, trigger: 'manual' }, {} as never);
      assert.deepEqual(await jobs(), [{ key: `sync:company:${company.companyId}`, later: true, flags: { sync: true } }], 'Sync now looks again in 30 s');
    } finally {
      await holder`select pg_advisory_unlock(${SYNC_LOCK}, ${company.companyId}::int)`;
      holder.release();
    }

    // Once the run is over, the schedule queues it again
    await sql`update sync_runs set status = 'succeeded', finished_at = now() where company_id = ${company.companyId}`;
    await sql`delete from graphile_worker._private_jobs`;
    assert.equal(await enqueueCoveredCompanies(sql, 'schedule'), 1);
    assert.equal((await jobs()).length, 1);
  });

  it('keeps at most one job a company however many ticks pass: a waiting job is folded, a taken one is waited for', async () => {
    const sql = t.db.sql;
    const company = await companyWithInvoices(t.pair, sql, { count: 1 });
    await sql`delete from graphile_worker._private_jobs`;
    await sql`update sync_runs set status = 'succeeded', finished_at = now() where status = 'running'`;
    const key = `sync:company:${company.companyId}`;
    // (A job whose key went to a newer job has none left: it counts too.)
    const syncJobs = async () =>
      (await sql`select key, locked_by from graphile_worker.jobs where task_identifier = 'pagero_companies__sync' and (key = ${key} or key is null) order by id`).map((j) => ({ ...j }));

    // Ticks while the job waits for a worker: the key folds them into one
    await enqueueCoveredCompanies(sql, 'schedule');
    await enqueueCoveredCompanies(sql, 'schedule');
    assert.deepEqual(await syncJobs(), [{ key, lockedBy: null }]);

    // A worker takes the job (as graphile-worker does) and has not opened its run yet, or has closed it and not yet
    // finished the job, or was killed and not yet swept: ticks past SYNC_INTERVAL queue nothing behind it
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'worker-a' where key = ${key}`;
    for (let tick = 0; tick < 3; tick++) await enqueueCoveredCompanies(sql, 'schedule');
    assert.deepEqual(await syncJobs(), [{ key, lockedBy: 'worker-a' }], 'no second job while one is running');

    // The job is done: the next tick queues the next sync
    await sql`delete from graphile_worker._private_jobs where key = ${key}`;
    await enqueueCoveredCompanies(sql, 'schedule');
    assert.deepEqual(await syncJobs(), [{ key, lockedBy: null }]);
  });

  it('leaves a sync job to another process when this one has no free sync slot', async () => {
    const sql = t.db.sql;
    const company = await companyWithInvoices(t.pair, sql, { count: 2 });
    await sql`delete from graphile_worker._private_jobs`;
    const slots = new SyncSlots(1);
    assert.deepEqual(await slots.forbiddenFlags(), null);
    assert.equal(slots.take(), true);
    assert.deepEqual(await slots.forbiddenFlags(), ['sync'], 'a full process fetches no sync job');
    const deps = { ...syncDeps(t.pair, sql), config: t.pair.app.config, syncSlots: slots } as unknown as JobDeps;
    await pageroCompaniesSync(deps)({ companyId: company.companyId, trigger: 'manual' }, {} as never);
    const [job] = await sql`select key, flags from graphile_worker._private_jobs`;
    assert.deepEqual({ ...job }, { key: `sync:company:${company.companyId}`, flags: { sync: true } }, 'queued again, for a process with a free slot');
    assert.equal((await sql`select 1 from sync_runs where company_id = ${company.companyId}`).length, 0, 'not synced here');
    slots.release();
    assert.deepEqual(await slots.forbiddenFlags(), null);
  });

  it('runs a resumed sync (one a dead worker left) even when this process has no free sync slot', async () => {
    const sql = t.db.sql;
    const company = await companyWithInvoices(t.pair, sql, { count: 2 });
    await sql`delete from graphile_worker._private_jobs`;
    const slots = new SyncSlots(1);
    assert.equal(slots.take(), true, "another company's sync holds the only slot");
    const deps = { ...syncDeps(t.pair, sql), config: t.pair.app.config, syncSlots: slots } as unknown as JobDeps;
    await pageroCompaniesSync(deps)({ companyId: company.companyId, trigger: 'connected' }, { job: { priority: RESUMED_JOB_PRIORITY } } as never);
    const [run] = await sql`select status from sync_runs where company_id = ${company.companyId}`;
    assert.equal(run?.status, 'succeeded', 'synced here, not sent back to the queue behind the running companies');
    assert.equal((await sql`select 1 from graphile_worker._private_jobs where key like 'sync:company:%'`).length, 0, 'no sync job queued again');
    assert.deepEqual(await slots.forbiddenFlags(), ['sync'], 'its slot given back, the other still held');
    slots.release();
    assert.deepEqual(await slots.forbiddenFlags(), null);
  });

  it('keeps a resumed sync first in the queue and looks again in seconds when its company is still locked', async () => {
    const sql = t.db.sql;
    const company = await companyWithInvoices(t.pair, sql, { count: 1 });
    await sql`delete from graphile_worker._private_jobs`;
    const holder = await sql.reserve(); // the dead worker's connection, not closed yet
    await holder`select pg_advisory_lock(${SYNC_LOCK}, ${company.companyId}::int)`;
    try {
      const deps = { ...syncDeps(t.pair, sql), config: t.pair.app.config, syncSlots: new SyncSlots(1) } as unknown as JobDeps;
      await pageroCompaniesSync(deps)({ companyId: company.companyId, trigger: 'schedule' }, { job: { priority: RESUMED_JOB_PRIORITY } } as never);
      const [job] = await sql<{ priority: number; seconds: number }[]>`
        select priority, extract(epoch from run_at - now())::float8 as seconds from graphile_worker._private_jobs where key = ${`sync:company:${company.companyId}`}`;
      assert.equal(job?.priority, RESUMED_JOB_PRIORITY);
      assert.ok(job!.seconds > 2 && job!.seconds <= 5, `again in ${job!.seconds} s`);
    } finally {
      await holder`select pg_advisory_unlock(${SYNC_LOCK}, ${company.companyId}::int)`;
      holder.release();
    }
  });
});
