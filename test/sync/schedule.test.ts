/*
 * A sync that runs longer than SYNC_INTERVAL does not pile up jobs: the schedule skips a
 * company whose sync is running, and a scheduled job that finds the company being synced by
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

  it('leaves a sync job to another process when this one has no free sync slot', async () => {
    const sql = t.db.sql;
    const company = await companyWithInvoices(t.pair, sql, { count: 2 });
    await sql`delete from graphile_worker._private_jobs`;
    const slots = new SyncSlots(1);
    assert.deepEqual(slots.forbiddenFlags(), null);
    assert.equal(slots.take(), true);
    assert.deepEqual(slots.forbiddenFlags(), ['sync'], 'a full process fetches no sync job');
    const deps = { ...syncDeps(t.pair, sql), config: t.pair.app.config, syncSlots: slots } as unknown as JobDeps;
    await pageroCompaniesSync(deps)({ companyId: company.companyId, trigger: 'manual' }, {} as never);
    const [job] = await sql`select key, flags from graphile_worker._private_jobs`;
    assert.deepEqual({ ...job }, { key: `sync:company:${company.companyId}`, flags: { sync: true } }, 'queued again, for a process with a free slot');
    assert.equal((await sql`select 1 from sync_runs where company_id = ${company.companyId}`).length, 0, 'not synced here');
    slots.release();
    assert.deepEqual(slots.forbiddenFlags(), null);
  });
});
