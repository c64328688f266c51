/*
 * A worker process that is syncing leaves EN 16931 validation to others (src/sync/concurrency.ts): the
 * import's validation jobs stay queued, untouched, while its sync runs, and are done once it ends.
 * The sync is held mid-way by the sandbox: its second listing waits until the test lets it go.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SyncSlots } from '../../src/sync/concurrency';
import { VALIDATE_TASK, VALIDATION_FLAG, validationOverdue } from '../../src/validation/service';
import { useSandboxPair } from '../helpers/pagero';
import { startWorker, waitFor } from '../helpers/worker-process';
import { companyWithInvoices } from './helpers';

const INVOICES = 120; // a first page of 100 (two stored chunks of 50), then a second listing

describe('validation while a sync runs', () => {
  const t = useSandboxPair({}, { seedDemo: false });

  it('a syncing process forbids validation jobs and a full one sync jobs too, unless validation has waited too long', async () => {
    let overdue = false;
    const slots = new SyncSlots(2, { flags: [VALIDATION_FLAG], unless: async () => overdue });
    assert.equal(await slots.forbiddenFlags(), null, 'an idle process takes any job');
    slots.take();
    assert.deepEqual(await slots.forbiddenFlags(), ['validation']);
    slots.take();
    assert.deepEqual(await slots.forbiddenFlags(), ['sync', 'validation']);
    overdue = true;
    assert.deepEqual(await slots.forbiddenFlags(), ['sync'], 'validation that waited too long runs beside the syncs');
    slots.release();
    slots.release();
    assert.equal(await slots.forbiddenFlags(), null);
  });

  it('says validation is overdue once a validation job has waited longer than the limit', async () => {
    const sql = t.db.sql;
    await sql`delete from graphile_worker._private_jobs`;
    await sql`select graphile_worker.add_job('invoices__validate', '{"invoiceIds":[1]}'::json, flags => array[${VALIDATION_FLAG}::text])`;
    assert.equal(await validationOverdue(sql, 600)(), false, 'queued just now');
    await sql`update graphile_worker._private_jobs set created_at = now() - interval '11 minutes'`;
    assert.equal(await validationOverdue(sql, 600)(), true, 'waiting for 11 minutes');
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'someone'`;
    assert.equal(await validationOverdue(sql, 600)(), false, 'taken by a worker: nothing waits');
    await sql`delete from graphile_worker._private_jobs`;
  });

  it('leaves the import\'s validation queued while the worker syncs, and validates it all once the sync is done', async () => {
    const sql = t.db.sql;
    const sandbox = t.pair.sandbox.url;
    const company = await companyWithInvoices(t.pair, sql, { count: INVOICES, lines: 2 });
    // The first listing goes through; the next one waits for the test.
    const [rule] = (
      (await (
        await fetch(`${sandbox}/_sim/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ match: { method: 'GET', pathRegex: '^/document/v1/documents$' }, after: 1, respond: { type: 'hold' } }),
        })
      ).json()) as { rules: { id: string }[] }
    ).rules;
    const held = async () => ((await (await fetch(`${sandbox}/_sim/faults`)).json()) as { rules: { triggered: number }[] }).rules[0]?.triggered ?? 0;

    const worker = await startWorker(t.db, t.pair, { WORKER_CONCURRENCY: '4' });
    try {
      const validationJobs = () =>
        sql<{ flags: Record<string, boolean> | null; lockedBy: string | null }[]>`
          select j.flags, j.locked_by from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
          where k.identifier = ${VALIDATE_TASK}`;
      const states = async () =>
        Object.fromEntries((await sql`select v.state, count(*)::int as n from invoice_validations v join invoices i on i.id = v.invoice_id where i.company_id = ${company.companyId} group by 1`).map((r) => [r.state, r.n]));
      await waitFor(
        'the first page stored and the next listing held',
        async () => (await held()) > 0 && (await sql`select 1 from invoices where company_id = ${company.companyId}`).length === 100,
        worker.output,
      );
      const [run] = await sql`select status from sync_runs where company_id = ${company.companyId}`;
      assert.equal(run?.status, 'running');
      assert.deepEqual((await validationJobs()).map((j) => j.flags), [{ validation: true }, { validation: true }], 'one flagged job per stored chunk');

      // Several of the worker's poll intervals (2 s) with three free job slots: without the rule it would validate now.
      for (let i = 0; i < 30; i++) {
        assert.ok((await validationJobs()).every((j) => j.lockedBy === null), 'no validation job taken while syncing');
        assert.deepEqual(await states(), { pending: 100 });
        await sleep(200);
      }

      await fetch(`${sandbox}/_sim/faults/${rule!.id}`, { method: 'DELETE' });
      await waitFor('the sync to finish and every invoice to be validated', async () => (await states()).done === INVOICES, worker.output, 90);
      const [finished] = await sql`select status from sync_runs where company_id = ${company.companyId}`;
      assert.equal(finished?.status, 'succeeded');
    } finally {
      await fetch(`${sandbox}/_sim/faults`, { method: 'DELETE' }); // a held listing would keep the sandbox from closing
      worker.child.kill('SIGTERM');
      await new Promise((resolve) => worker.child.once('exit', resolve));
    }
  });
});
