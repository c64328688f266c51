/*
 * A worker killed between the upload and its bookkeeping: Pagero has the file, apdesk's row
 * does not know it. The next run asks Pagero by senderReference and does not post again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useSandboxPair } from '../helpers/pagero';
import { startWorker, waitFor } from '../helpers/worker-process';
import { sim } from '../helpers/sim';
import { decide, pageroCompany, responseRow, responsesOf, uploadsOf } from './helpers';

/** The worker waits for Pagero's answer far longer than the test takes to kill it. */
const WORKER_ENV = { PAGERO_SEND_MODE: 'Test', PAGERO_TIMEOUT_MS: '120000' };

describe('a worker killed between the upload and the bookkeeping', () => {
  const t = useSandboxPair({ PAGERO_SEND_MODE: 'Test' }, { seedDemo: false });

  it('leaves one upload at Pagero, which the next run finds instead of posting again', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const invoiceId = co.invoices[0]!.id;
    assert.equal((await decide(co.browser, invoiceId, { action: 'reject', reason: 'Prices differ from the contract', reason_code: 'PRI', action_code: 'CNF' })).status, 303);
    const [response] = await responsesOf(t.db.sql, invoiceId);
    // Pagero stores the upload and keeps its answer back until long after the worker is gone.
    await sim(t.pair.sandbox.url, '/faults', { match: { method: 'POST', pathPrefix: '/file/v1/files' }, respond: { type: 'lost_response', status: 201, delayMs: 600_000 } });

    const first = await startWorker(t.db, t.pair, WORKER_ENV);
    await waitFor('the upload to reach Pagero', async () => (await uploadsOf(t.pair, response!.id)).length === 1, first.output, 90);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atKill = await responseRow(t.db.sql, response!.id);
    assert.deepEqual([atKill.state, atKill.fileId], ['sending', null], 'killed before the bookkeeping');

    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
    // graphile-worker frees a dead worker's job only after its lock times out (4 h); an upload stuck for five minutes
    // offers Send again, which queues a fresh job (safe: the job asks Pagero before posting).
    await t.db.sql`update invoice_responses set updated_at = now() - interval '6 minutes' where id = ${response!.id}`;
    const page = await co.browser.get(`/invoices/${invoiceId}`);
    assert.match(page.text, new RegExp(`/invoices/${invoiceId}/responses/${response!.id}/send-again`));
    assert.equal((await co.browser.post(`/invoices/${invoiceId}/responses/${response!.id}/send-again`, {})).status, 303);
    const second = await startWorker(t.db, t.pair, WORKER_ENV);
    try {
      await waitFor('the restarted worker to settle the response', async () => (await responseRow(t.db.sql, response!.id)).state === 'delivered', second.output, 90);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
    const uploads = await uploadsOf(t.pair, response!.id);
    assert.equal(uploads.length, 1, 'posted exactly once');
    assert.deepEqual([uploads[0]!.responseCode, uploads[0]!.reasonCode, uploads[0]!.actionCode, uploads[0]!.status], ['RE', 'PRI', 'CNF', 'Done']);
    const row = await responseRow(t.db.sql, response!.id);
    assert.equal(row.fileId, uploads[0]!.fileId);
  });
});
