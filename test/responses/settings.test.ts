/* Settings → E-invoicing → Responses decide which decisions answer the supplier; the bulk form, the dashboard and the pre-filled reason. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syncCompany } from '../../src/sync/company-sync';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { useSandboxPair } from '../helpers/pagero';
import { sim } from '../helpers/sim';
import { syncDeps } from '../sync/helpers';
import { decide, pageroCompany, responsesOf, sendDeps, sendUntilSettled, simResponses } from './helpers';

describe('which decisions answer the supplier', () => {
  const t = useSandboxPair({ PAGERO_SEND_MODE: 'Test' }, { seedDemo: false });

  it('shows the defaults to AP Admins only, and follows what they save: IP and AB on, AP off', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 3);
    const page = await co.browser.get('/settings/einvoicing/responses');
    assert.equal(page.status, 200);
    const form = page.text.slice(page.text.indexOf(`/settings/einvoicing/responses/${co.companyId}`));
    const checked = (name: string) => new RegExp(`name="${name}" value="on" checked`).test(form.slice(0, form.indexOf('</form>')));
    assert.deepEqual(['acknowledged', 'in_process', 'under_query', 'rejected', 'accepted', 'paid'].map(checked), [false, false, true, true, true, true]);

    const specialist = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const other = new Browserless(t.pair.app.url);
    await other.signIn(specialist.email, specialist.password);
    assert.equal((await other.get('/settings/einvoicing/responses')).status, 403);
    assert.equal((await other.post(`/settings/einvoicing/responses/${co.companyId}`, { accepted: 'on' })).status, 403);

    await co.browser.get('/settings/einvoicing/responses');
    const saved = await co.browser.post(`/settings/einvoicing/responses/${co.companyId}`, { acknowledged: 'on', in_process: 'on', under_query: 'on', rejected: 'on', paid: 'on' });
    assert.equal(saved.status, 303);
    assert.equal((await co.browser.post('/settings/einvoicing/responses/999999', {})).status, 404);

    const [a] = co.invoices;
    for (const action of ['start_review', 'mark_ready', 'return_to_review', 'mark_ready']) assert.equal((await decide(co.browser, a!.id, { action })).status, 303);
    assert.equal((await decide(co.approver, a!.id, { action: 'approve' })).status, 303);
    assert.deepEqual((await responsesOf(t.db.sql, a!.id)).map((r) => r.responseCode), ['IP'], 'IP once (back to review does not repeat it), no AP');

    await sim(t.pair.sandbox.url, '/documents/generate', { companyId: co.pageroCompanyId, count: 2, lines: 1, seed: 7 });
    await syncCompany(syncDeps(t.pair, t.db.sql), co.companyId, 'manual');
    const ab = await t.db.sql`select r.response_code from invoice_responses r join invoices i on i.id = r.invoice_id where i.company_id = ${co.companyId} and r.response_code = 'AB'`;
    assert.equal(ab.length, 2, 'AB for each newly imported invoice');
  });

  it('rejects in bulk with the reason code for each invoice, refuses a bulk hold without one, and counts the responses on the dashboard', async () => {
    await t.db.sql`update invoice_responses set state = 'cancelled'`; // the earlier test's responses are not this test's counts
    const co = await pageroCompany(t.pair, t.db.sql, 3);
    const ids = co.invoices.slice(0, 2).map((i) => String(i.id));
    await co.browser.get('/invoices');
    const refused = await co.browser.post('/invoices/status-changes', { ids, action: 'hold', reason: 'Check' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /id="bulk-reason-code-error" class="error" role="alert">Choose what is wrong/);
    const done = await co.browser.post('/invoices/status-changes', { ids, action: 'reject', reason: 'Wrong bank account', reason_code: 'PAY', action_code: 'NIN' });
    assert.equal(done.status, 200);
    assert.match(done.text, /Reject: 2 invoices changed/);
    const rows = (await Promise.all(co.invoices.slice(0, 2).map((i) => responsesOf(t.db.sql, i.id)))).flat();
    assert.deepEqual(rows.map((r) => [r.responseCode, r.reasonCode, r.actionCode, r.reasonText]), [['RE', 'PAY', 'NIN', 'Wrong bank account'], ['RE', 'PAY', 'NIN', 'Wrong bank account']]);

    let dashboard = await co.browser.get('/');
    assert.match(dashboard.text, /Responses to suppliers/);
    assert.match(dashboard.text, /<strong>2<\/strong> waiting to be delivered/);
    await sim(t.pair.sandbox.url, '/faults', { match: { method: 'POST', pathPrefix: '/file/v1/files' }, times: 1, respond: { type: 'status', status: 400, body: { error_description: 'Bad file' } } });
    const deps = sendDeps(t.pair, t.db.sql);
    assert.equal(await sendUntilSettled(deps, rows[0]!.id), 'failed');
    assert.equal(await sendUntilSettled(deps, rows[1]!.id), 'delivered');
    dashboard = await co.browser.get('/');
    assert.match(dashboard.text, /<strong>1<\/strong> failed or need you/);
    const list = await co.browser.get('/responses');
    assert.match(list.text, /Pagero refused the response \(HTTP 400\): Bad file/);
    assert.equal((await simResponses(t.pair)).filter((r) => r.responseCode === 'RE' && r.reasonCode === 'PAY').length, 1);
  });

  it('pre-fills the reject form from ?reason= (the "Reject because of BR-…" link)', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const page = await co.browser.get(`/invoices/${co.invoices[0]!.id}?reason=${encodeURIComponent('BR-CO-10: line total <> sum "x"')}&reason_code=LEG`);
    assert.match(page.text, /id="status-reason" name="reason" type="text" maxlength="1000" value="BR-CO-10: line total &lt;&gt; sum &quot;x&quot;"/);
    assert.match(page.text, /<option value="LEG" selected="">Legal information incorrect<\/option>/);
  });
});
