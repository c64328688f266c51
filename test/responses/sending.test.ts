/*
 * Each decision reaches the sandbox as the right Invoice Response, exactly once: also when
 * the upload's answer is lost after Pagero stored the file, after 429/5xx, and with
 * fileparts in Error or AwaitingInteraction (Send again, Cancel).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { queuePaidResponse } from '../../src/responses/decisions';
import { checkInvoiceResponse } from '../../src/responses/rules';
import { processResponse } from '../../src/responses/send';
import { connectThroughPagero, useSandboxPair } from '../helpers/pagero';
import { sim } from '../helpers/sim';
import { decide, pageroCompany, responseRow, responsesOf, sendDeps, sendUntilSettled, simResponses, uploadsOf } from './helpers';

describe('Invoice Responses through Pagero', () => {
  const t = useSandboxPair({ PAGERO_SEND_MODE: 'Test' }, { seedDemo: false });
  afterEach(async () => {
    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
  });

  it('sends RE with its reason, UQ, AP and PD once each, with the right codes, and shows them on the invoice page', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 4);
    const [a, b, c] = co.invoices;
    const deps = sendDeps(t.pair, t.db.sql);

    assert.equal((await decide(co.browser, a!.id, { action: 'reject', reason: 'Unit price is 12.50 as agreed, not 14 & more', reason_code: 'PRI', action_code: 'NIN' })).status, 303);
    assert.equal((await decide(co.browser, b!.id, { action: 'hold', reason: 'Which order is this?', reason_code: 'REF', action_code: 'PIN' })).status, 303);
    for (const action of ['start_review', 'mark_ready']) assert.equal((await decide(co.browser, c!.id, { action })).status, 303);
    assert.equal((await decide(co.approver, c!.id, { action: 'approve' })).status, 303);
    await t.db.sql.begin((tx) => queuePaidResponse(tx, c!.id));
    await t.db.sql.begin((tx) => queuePaidResponse(tx, c!.id)); // the ERP confirms twice: still one PD

    const rows = [...(await responsesOf(t.db.sql, a!.id)), ...(await responsesOf(t.db.sql, b!.id)), ...(await responsesOf(t.db.sql, c!.id))];
    assert.deepEqual(rows.map((r) => r.responseCode), ['RE', 'UQ', 'AP', 'PD'], 'IP (in review) is off by default');
    const jobs = await t.db.sql`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'invoice_responses__send'`;
    assert.equal(jobs[0]!.n, 4, 'one job per response, queued with the decision');

    for (const r of rows) assert.equal(await sendUntilSettled(deps, r.id), 'delivered');
    for (const r of rows) assert.equal(await sendUntilSettled(deps, r.id), 'delivered', 'running the job again sends nothing');

    const received = await simResponses(t.pair);
    for (const r of rows) assert.equal(received.filter((x) => x.senderReference === String(r.id)).length, 1, `response ${r.id} uploaded once`);
    const re = received.find((x) => x.senderReference === String(rows[0]!.id))!;
    assert.deepEqual(
      [re.status, re.responseCode, re.reasonCode, re.reasonText, re.actionCode, re.invoiceNumber, re.sendMode, re.companyId],
      ['Done', 'RE', 'PRI', 'Unit price is 12.50 as agreed, not 14 & more', 'NIN', a!.invoiceNumber, 'Test', co.pageroCompanyId],
    );
    assert.deepEqual(checkInvoiceResponse(re.xml), []);
    const uq = received.find((x) => x.senderReference === String(rows[1]!.id))!;
    assert.deepEqual([uq.responseCode, uq.reasonCode, uq.actionCode], ['UQ', 'REF', 'PIN']);
    assert.deepEqual(received.filter((x) => x.invoiceNumber === c!.invoiceNumber).map((x) => [x.responseCode, x.reasonCode]), [['AP', null], ['PD', null]]);

    const page = await co.browser.get(`/invoices/${a!.id}`);
    assert.match(page.text, /Responses to the supplier/);
    assert.match(page.text, /Rejected \(RE\)<\/strong> — Prices incorrect: <q>Unit price is 12.50 as agreed, not 14 &amp; more<\/q>. Asked of the supplier: Issue new invoice/);
    assert.match(page.text, /Delivered by Pagero/);
    assert.match(page.text, /sent through \w+ \w+’s Pagero connection/);
  });

  it('refuses a hold or rejection without a reason code, or with an unknown one, next to the field', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const id = co.invoices[0]!.id;
    const none = await decide(co.browser, id, { action: 'reject', reason: 'Wrong prices' });
    assert.equal(none.status, 422);
    assert.match(none.text, /id="status-reason-code-error" class="error" role="alert">Choose what is wrong/);
    const unknown = await decide(co.browser, id, { action: 'hold', reason: 'Wrong prices', reason_code: 'XXX' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /id="status-reason-code-error"[^>]*>Choose one of the listed reasons/);
    const badAction = await decide(co.browser, id, { action: 'hold', reason: 'Wrong prices', reason_code: 'PRI', action_code: 'ZZZ' });
    assert.equal(badAction.status, 422);
    assert.match(badAction.text, /id="status-action-code-error"/);
    const noText = await decide(co.browser, id, { action: 'reject', reason: ' ', reason_code: 'PRI' });
    assert.equal(noText.status, 422);
    assert.match(noText.text, /id="status-reason-error"/);
    assert.equal((await t.db.sql`select status from invoices where id = ${id}`)[0]!.status, 'received');
    assert.equal((await responsesOf(t.db.sql, id)).length, 0);
  });

  it('asks Pagero before posting again when the upload timed out after Pagero stored it', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const id = co.invoices[0]!.id;
    await decide(co.browser, id, { action: 'reject', reason: 'Not ours', reason_code: 'UNR' });
    const [response] = await responsesOf(t.db.sql, id);
    // Pagero stores the file, then answers only after apdesk stopped waiting (PAGERO_TIMEOUT_MS is 3 s in tests).
    await sim(t.pair.sandbox.url, '/faults', { match: { method: 'POST', pathPrefix: '/file/v1/files' }, respond: { type: 'lost_response', status: 201, delayMs: 4500 } });
    const deps = sendDeps(t.pair, t.db.sql);
    assert.equal(await processResponse(deps, response!.id), 'retrying');
    assert.match((await responseRow(t.db.sql, response!.id)).problem!, /Pagero did not answer/);
    assert.equal((await uploadsOf(t.pair, response!.id)).length, 1, 'Pagero has it already');
    assert.equal(await sendUntilSettled(deps, response!.id), 'delivered');
    assert.equal((await uploadsOf(t.pair, response!.id)).length, 1, 'not posted a second time');
    const requests = await sim<{ items: { method: string; path: string; query: string }[] }>(t.pair.sandbox.url, '/requests?pathPrefix=/document/v1/documents');
    assert.ok(requests.items.some((r) => r.query.includes(`senderReference=${response!.id}`) && r.query.includes('direction=Sent')));
  });

  it('retries 429 and 5xx with backoff, sends once, and shows a 400 with Pagero’s text without retrying', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 2);
    const [a, b] = co.invoices;
    const deps = sendDeps(t.pair, t.db.sql);
    await decide(co.browser, a!.id, { action: 'hold', reason: 'Waiting for the delivery note', reason_code: 'DEL' });
    const [held] = await responsesOf(t.db.sql, a!.id);
    await sim(t.pair.sandbox.url, '/faults', { match: { method: 'POST', pathPrefix: '/file/v1/files' }, times: 1, respond: { type: 'status', status: 429, retryAfter: 1 } });
    await sim(t.pair.sandbox.url, '/faults', { match: { method: 'POST', pathPrefix: '/file/v1/files' }, after: 1, times: 1, respond: { type: 'status', status: 503 } });
    assert.equal(await processResponse(deps, held!.id), 'retrying');
    const [job] = await t.db.sql`select run_at > now() + interval '10 seconds' as later from graphile_worker._private_jobs where key = ${`invoice_response:${held!.id}`}`;
    assert.equal(job!.later, true, 'the next attempt waits');
    assert.equal(await processResponse(deps, held!.id), 'retrying');
    assert.equal(await sendUntilSettled(deps, held!.id), 'delivered');
    assert.equal((await uploadsOf(t.pair, held!.id)).length, 1);

    await decide(co.browser, b!.id, { action: 'reject', reason: 'Duplicate', reason_code: 'OTH' });
    const [rejected] = await responsesOf(t.db.sql, b!.id);
    await sim(t.pair.sandbox.url, '/faults', { match: { method: 'POST', pathPrefix: '/file/v1/files' }, times: null, respond: { type: 'status', status: 400, body: { error: 'invalid_request', error_description: 'sendingCompanyId is not enabled for ApplicationResponse' } } });
    assert.equal(await processResponse(deps, rejected!.id), 'failed');
    assert.equal(await processResponse(deps, rejected!.id), 'failed');
    const row = await responseRow(t.db.sql, rejected!.id);
    assert.equal(row.problem, 'Pagero refused the response (HTTP 400): sendingCompanyId is not enabled for ApplicationResponse');
    assert.equal(row.attempts, 1, 'a 400 is not retried');
    const page = await co.browser.get(`/invoices/${b!.id}`);
    assert.match(page.text, /Pagero refused the response \(HTTP 400\): sendingCompanyId is not enabled/);
    assert.match(page.text, /Send again/);
  });

  it('shows a filepart in Error and restarts it with Send again; cancels one awaiting interaction', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 2);
    const [a, b] = co.invoices;
    const deps = sendDeps(t.pair, t.db.sql);
    await sim(t.pair.sandbox.url, '/file-outcomes', { outcome: 'Error', description: 'Receiver endpoint not reachable in the Peppol network' });
    await decide(co.browser, a!.id, { action: 'reject', reason: 'Wrong VAT', reason_code: 'LEG' });
    const [r1] = await responsesOf(t.db.sql, a!.id);
    assert.equal(await sendUntilSettled(deps, r1!.id), 'needs_action');
    let page = await co.browser.get(`/invoices/${a!.id}`);
    assert.match(page.text, /Pagero could not deliver the response: Receiver endpoint not reachable in the Peppol network/);
    assert.equal((await co.browser.post(`/invoices/${a!.id}/responses/${r1!.id}/send-again`, {})).status, 303);
    page = await co.browser.get(`/invoices/${a!.id}`);
    assert.match(page.text, /Sending again/);
    assert.equal(await sendUntilSettled(deps, r1!.id), 'delivered');
    const [upload1] = await uploadsOf(t.pair, r1!.id);
    assert.deepEqual([upload1!.status, upload1!.actions.map((x) => x.action)], ['Done', ['Restart']]);
    assert.equal((await uploadsOf(t.pair, r1!.id)).length, 1, 'restarted, not uploaded again');

    await sim(t.pair.sandbox.url, '/file-outcomes', { outcome: 'AwaitingInteraction', description: 'Choose a distribution channel' });
    await decide(co.browser, b!.id, { action: 'hold', reason: 'Check quantities', reason_code: 'QTY' });
    const [r2] = await responsesOf(t.db.sql, b!.id);
    assert.equal(await sendUntilSettled(deps, r2!.id), 'needs_action');
    assert.match((await responseRow(t.db.sql, r2!.id)).problem!, /Pagero needs an interaction to deliver the response: Choose a distribution channel/);
    await co.browser.get(`/invoices/${b!.id}`);
    assert.equal((await co.browser.post(`/invoices/${b!.id}/responses/${r2!.id}/cancel`, {})).status, 303);
    assert.equal(await sendUntilSettled(deps, r2!.id), 'cancelled');
    const [upload2] = await uploadsOf(t.pair, r2!.id);
    assert.deepEqual([upload2!.status, upload2!.actions.map((x) => x.action)], ['Cancelled', ['Cancel']]);
    assert.match((await co.browser.get(`/invoices/${b!.id}`)).text, /Cancelled: not sent/);
  });

  it('polls a file Pagero is still processing until it is done', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    await sim(t.pair.sandbox.url, '/file-outcomes', { outcome: 'Processing', polls: 2 });
    await decide(co.browser, co.invoices[0]!.id, { action: 'reject', reason: 'Wrong items', reason_code: 'ITM' });
    const [r] = await responsesOf(t.db.sql, co.invoices[0]!.id);
    const deps = sendDeps(t.pair, t.db.sql);
    assert.equal(await processResponse(deps, r!.id), 'processing');
    const [job] = await t.db.sql`select run_at > now() as later from graphile_worker._private_jobs where key = ${`invoice_response:${r!.id}`}`;
    assert.equal(job!.later, true);
    assert.equal(await sendUntilSettled(deps, r!.id), 'delivered');
  });

  it('answers the sandbox’s filepart error for an invoice Pagero never delivered, and never answers uploads', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const [source] = await t.db.sql`select document_id from invoices where id = ${co.invoices[0]!.id}`;
    // A copy of a Pagero invoice under another number: the sandbox knows no such invoice of this company.
    const [copy] = await t.db.sql<{ id: number }[]>`
      insert into invoices (document_id, position, format, document_type, type_code, invoice_number, issue_date, currency, seller_name, seller_endpoint_id,
        buyer_name, buyer_endpoint_id, company_id, inv_scanned_by, status, received_at)
      select document_id, 99, format, document_type, type_code, 'NEVER-SENT-1', issue_date, currency, seller_name, seller_endpoint_id,
        buyer_name, buyer_endpoint_id, company_id, inv_scanned_by, 'received', now()
      from invoices where id = ${co.invoices[0]!.id}
      returning id::int`;
    await t.db.sql`insert into invoice_groups (invoice_id, group_id, status) values (${copy!.id}, null, 'received')`;
    await decide(co.browser, copy!.id, { action: 'reject', reason: 'Unknown to us', reason_code: 'UNR' });
    const [r] = await responsesOf(t.db.sql, copy!.id);
    assert.equal(await sendUntilSettled(sendDeps(t.pair, t.db.sql), r!.id), 'needs_action');
    assert.match((await responseRow(t.db.sql, r!.id)).problem!, /Pagero could not deliver the response: The response refers to invoice NEVER-SENT-1, which this company never received/);
    assert.ok(source);

    const [upload] = await t.db.sql<{ id: number }[]>`
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, seller_endpoint_id, buyer_endpoint_id, company_id, inv_scanned_by, status, received_at)
      values (${source!.documentId}, 98, 'ubl', 'invoice', 'UPLOADED-1', '2026-01-01', '0088:123', '0088:456', ${co.companyId}, 'Upload', 'received', now())
      returning id::int`;
    await t.db.sql`insert into invoice_groups (invoice_id, group_id, status) values (${upload!.id}, null, 'received')`;
    assert.equal((await decide(co.browser, upload!.id, { action: 'reject', reason: 'No', reason_code: 'OTH' })).status, 303);
    assert.equal((await responsesOf(t.db.sql, upload!.id)).length, 0, 'uploads never get a response');
  });

  it('does not send for a supplier without an endpoint id, and says why', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const id = co.invoices[0]!.id;
    await t.db.sql`update invoices set seller_endpoint_id = null where id = ${id}`;
    await decide(co.browser, id, { action: 'reject', reason: 'Wrong', reason_code: 'OTH' });
    const [r] = await responsesOf(t.db.sql, id);
    assert.equal(r!.state, 'not_sent');
    const jobs = await t.db.sql`select 1 from graphile_worker._private_jobs where key = ${`invoice_response:${r!.id}`}`;
    assert.equal(jobs.length, 0);
    assert.match((await co.browser.get(`/invoices/${id}`)).text, /Not sent: the supplier’s invoice carries no Peppol endpoint id \(BT-34\)/);
  });

  it('waits for a Pagero connection and goes out after the next connect', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const id = co.invoices[0]!.id;
    await t.db.sql`update pagero_connections set status = 'needs_renewal', access_token = null, refresh_token = null where id = ${co.connectionId}`;
    await decide(co.browser, id, { action: 'hold', reason: 'Price check', reason_code: 'PRI' });
    const [r] = await responsesOf(t.db.sql, id);
    const deps = sendDeps(t.pair, t.db.sql);
    assert.equal(await processResponse(deps, r!.id), 'waiting_connection');
    assert.match((await co.browser.get(`/invoices/${id}`)).text, /Waiting for a Pagero connection/);
    await connectThroughPagero(co.browser, co.username, 'pw'); // the admin connects as a Pagero user of the company
    const [row] = await t.db.sql`select state from invoice_responses where id = ${r!.id}`;
    assert.equal(row!.state, 'queued', 'released by the connect');
    assert.equal(await sendUntilSettled(deps, r!.id), 'delivered');
    assert.equal((await uploadsOf(t.pair, r!.id)).length, 1);
  });
});
