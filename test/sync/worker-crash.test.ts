/*
 * A worker process killed with SIGKILL halfway through a sync loses nothing and creates
 * nothing twice: the restarted worker's sweep sees the dead process's heartbeat go stale,
 * closes its run with a sentence and frees its locked job, which it then runs itself
 * (within a minute, not after graphile-worker's four-hour lock timeout).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enqueueCompanySync } from '../../src/sync/enqueue';
import { DEAD_WORKER_RUN_ERROR } from '../../src/worker/sweep';
import { useSandboxPair } from '../helpers/pagero';
import { startWorker, waitFor } from '../helpers/worker-process';
import { sim } from '../helpers/sim';
import { companyWithInvoices, simDocuments } from './helpers';

describe('a worker killed during a sync', () => {
  const t = useSandboxPair({}, { seedDemo: false });

  it('loses nothing and creates nothing twice after a SIGKILL and a restart', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 200 });
    await t.db.sql`delete from graphile_worker._private_jobs`; // the login's first sync is run by our worker below instead
    await sim(t.pair.sandbox.url, '/faults', { match: { pathRegex: '/targetdocument$' }, times: null, respond: { type: 'delay', ms: 15 } });
    await enqueueCompanySync(t.db.sql, company.companyId, 'manual');
    const count = async () => (await t.db.sql`select count(*)::int as n from invoices where company_id = ${company.companyId}`)[0]!.n as number;

    const first = await startWorker(t.db, t.pair);
    await waitFor('the first worker to import part of the company', async () => (await count()) >= 50, first.output);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atKill = await count();
    assert.ok(atKill < 200, `killed halfway (${atKill} imported)`);

    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
    const syncJob = () => t.db.sql`select locked_by from graphile_worker._private_jobs where key = ${`sync:company:${company.companyId}`}`;
    assert.ok((await syncJob())[0]?.lockedBy, 'the dead worker left its sync job locked');
    const deadProcess = (await t.db.sql`select id from worker_processes`).map((r) => r.id);
    assert.equal(deadProcess.length, 1);
    const second = await startWorker(t.db, t.pair);
    try {
      // no new request: the job the dead worker held is the one that finishes (stale after 30 s, swept every 5 s)
      await waitFor('the restarted worker to finish the freed job', async () => (await simDocuments(t.pair, company.pageroCompanyId)).fetched === 200 && (await count()) === 200, second.output, 60);
      await waitFor('the sync job to complete', async () => (await syncJob()).length === 0, second.output, 10);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
    assert.equal(await count(), 200);
    const twice = await t.db.sql`select pagero_document_id from documents where company_id = ${company.companyId} group by 1 having count(*) > 1`;
    assert.equal(twice.length, 0);
    const runs = await t.db.sql`select status from sync_runs where company_id = ${company.companyId} order by id`;
    assert.equal(runs.at(-1)!.status, 'succeeded');
    assert.equal(runs[0]!.status, 'failed', 'the killed run is closed as failed, not left running');
    const [killed] = await t.db.sql`select error from sync_runs where company_id = ${company.companyId} order by id limit 1`;
    assert.equal(killed!.error, DEAD_WORKER_RUN_ERROR);
    assert.equal((await t.db.sql`select 1 from worker_processes where id = ${deadProcess[0]!}`).length, 0, 'the dead process was swept');
  });
});
