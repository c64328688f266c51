/*
 * A worker process killed with SIGKILL halfway through a sync loses nothing and creates
 * nothing twice: the restarted worker finishes the job.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enqueueCompanySync } from '../../src/sync/enqueue';
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
    // graphile-worker frees a dead worker's locked job after its lock times out; a new request queues a fresh one
    await enqueueCompanySync(t.db.sql, company.companyId, 'manual');
    const second = await startWorker(t.db, t.pair);
    try {
      await waitFor('the restarted worker to finish', async () => (await simDocuments(t.pair, company.pageroCompanyId)).fetched === 200 && (await count()) === 200, second.output, 90);
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
  });
});
