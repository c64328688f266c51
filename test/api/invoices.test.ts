/* /api/v1/invoices through a real HTTP client: scopes, paging, the full invoice, files, export results, payments, idempotency, bad input. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createApiToken, revokeApiToken } from '../../src/purchase-orders/api-tokens';
import { useTestApp } from '../helpers/app';
import { makeUser } from '../helpers/factories';
import { makeCode, makeCompany, makeInvoice } from '../coding/factory';
import { CII_SAME_INVOICE, corpusFile, insertInvoiceRows, uploadCorpusFile } from '../invoices/helpers';

const first = <T,>(rows: readonly T[]) => rows[0]!;

describe('invoice API', () => {
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' });
  const tokens: Record<'read' | 'export' | 'po' | 'all', string> = { read: '', export: '', po: '', all: '' };
  let userId = 0;

  const call = async (path: string, opts: { method?: string; token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) => {
    const token = opts.token === undefined ? tokens.all : opts.token;
    const res = await fetch(`${t.app.url}/api/v1${path}`, {
      method: opts.method ?? (opts.body !== undefined || opts.raw !== undefined ? 'POST' : 'GET'),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, type, body, headers: res.headers };
  };
  const assertProblem = (res: { status: number; type: string; body: any }, status: number, detail?: RegExp) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.type, 'application/problem+json');
    assert.equal(res.body.status, status);
    assert.ok(typeof res.body.title === 'string' && typeof res.body.detail === 'string' && res.body.detail.length > 10, res.body.detail);
    if (detail) assert.match(res.body.detail, detail);
  };

  before(async () => {
    userId = (await makeUser(t.db.sql, { roles: ['ap_admin'] })).id;
    tokens.read = (await createApiToken(t.db.sql, 'Reader', userId, ['invoices:read'])).token;
    tokens.export = (await createApiToken(t.db.sql, 'Exporter', userId, ['invoices:export'])).token;
    tokens.po = (await createApiToken(t.db.sql, 'Old PO token', userId)).token;
    tokens.all = (await createApiToken(t.db.sql, 'SAP', userId, ['invoices:read', 'invoices:export', 'purchase-orders:write'])).token;
  });

  it('answers 401 without a valid token and 403 without the scope; old tokens keep purchase-orders:write only', async () => {
    for (const token of [null, 'nonsense', `${tokens.read.slice(0, -1)}x`]) {
      const res = await call('/invoices', { token });
      assertProblem(res, 401, /API token/);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    const revoked = await createApiToken(t.db.sql, 'gone', userId, ['invoices:read']);
    await revokeApiToken(t.db.sql, revoked.id);
    assertProblem(await call('/invoices', { token: revoked.token }), 401);
    assertProblem(await call('/invoices', { token: tokens.po }), 403, /invoices:read/);
    assertProblem(await call('/invoices', { token: tokens.export }), 403, /invoices:read/);
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }]);
    assertProblem(await call(`/invoices/${id}/export-result`, { token: tokens.read, body: { outcome: 'exported', erpDocumentId: 'X' } }), 403, /invoices:export/);
    assertProblem(await call('/purchase-orders', { token: tokens.read, body: {} }), 403, /purchase-orders:write/);
    assert.equal((await call('/purchase-orders', { token: tokens.po, body: {} })).status, 422, 'the old token still sends purchase orders');
    for (const path of ['/settings/api-tokens', '/settings/webhooks', '/invoices']) {
      const page = await fetch(`${t.app.url}${path}`, { headers: { authorization: `Bearer ${tokens.all}` }, redirect: 'manual' });
      assert.ok([302, 303].includes(page.status) && /\/login/.test(page.headers.get('location') ?? ''), `a token opens nothing of the app: ${path} ${page.status}`);
    }
    const [row] = await t.db.sql<{ scopes: string[] }[]>`select scopes from api_tokens where name = 'Old PO token'`;
    assert.deepEqual(row!.scopes, ['purchase-orders:write']);
  });

  it('pages through invoices with a cursor, filtered by status, company and updatedSince, over every company', async () => {
    const a = await makeCompany(t.db.sql, 'Alpha SpA');
    const b = await makeCompany(t.db.sql, 'Beta Srl');
    const ids = await insertInvoiceRows(t.db.sql, [
      ...Array.from({ length: 5 }, () => ({ status: 'approved', companyId: a, total: '1210.50' })),
      ...Array.from({ length: 3 }, () => ({ status: 'approved', companyId: b })),
      { status: 'received', companyId: a },
    ]);
    const { key } = first(await t.db.sql<{ key: string }[]>`select pagero_company_id as key from pagero_companies where id = ${a}`);
    const seen: number[] = [];
    let next: string | null = `/invoices?status=approved&company=${key}&limit=2`;
    let pages = 0;
    while (next) {
      const res = await call(next.replace('/api/v1', ''), { token: tokens.read });
      assert.equal(res.status, 200);
      assert.ok(res.body.data.length <= 2);
      seen.push(...res.body.data.map((i: { id: number }) => i.id));
      next = res.body.next;
      pages++;
    }
    assert.deepEqual(seen, ids.slice(0, 5));
    assert.equal(pages, 3);
    const one = (await call(`/invoices/${ids[0]}`, { token: tokens.read })).body;
    assert.equal(one.totals.payable, '1210.50', 'amounts are decimal strings');
    assert.equal(one.company.name, 'Alpha SpA');

    const both = await call('/invoices?status=approved,received&limit=200', { token: tokens.read });
    for (const id of ids) assert.ok(both.body.data.some((i: { id: number }) => i.id === id), 'a token sees every company');

    const since = new Date(Date.now() + 60_000).toISOString();
    assert.deepEqual((await call(`/invoices?updatedSince=${encodeURIComponent(since)}`, { token: tokens.read })).body, { data: [], next: null });
    await t.db.sql`update invoices set status = 'exported' where id = ${ids[7]!}`;
    const { updatedAt } = first(await t.db.sql<{ updatedAt: Date }[]>`select updated_at from invoices where id = ${ids[7]!}`);
    const changed = await call(`/invoices?updatedSince=${encodeURIComponent(updatedAt.toISOString())}`, { token: tokens.read });
    assert.deepEqual(changed.body.data.map((i: { id: number }) => i.id), [ids[7]]);
  });

  it('refuses bad filters and limits with a problem, never a 500', async () => {
    assertProblem(await call('/invoices?limit=10000'), 400, /limit/);
    assertProblem(await call('/invoices?limit=0'), 400, /limit/);
    assertProblem(await call('/invoices?limit=abc'), 400, /limit/);
    assertProblem(await call('/invoices?status=paid'), 400, /status/);
    assertProblem(await call('/invoices?updatedSince=yesterday'), 400, /updatedSince/);
    assertProblem(await call('/invoices?cursor=-1'), 400, /cursor/);
    assertProblem(await call('/invoices?company=nobody'), 400, /no company nobody/);
    assertProblem(await call('/invoices/abc'), 400, /invoice id/);
    assertProblem(await call('/invoices/99999999'), 404, /no invoice 99999999/);
    assertProblem(await call('/invoices/99999999/original'), 404);
    assertProblem(await call('/invoices/1/attachments/99999999'), 404);
    assertProblem(await call('/nothing-here'), 404, /no API endpoint/);
  });

  it('shows the whole invoice: parties, lines with coding and split parts, tax, totals, approvals, attachments as links; serves the files', async () => {
    const stored = await uploadCorpusFile(t.db.sql, CII_SAME_INVOICE);
    const id = stored.invoiceIds[0]!;
    const company = await makeCompany(t.db.sql, 'Gamma AG');
    await t.db.sql`update invoices set company_id = ${company} where id = ${id}`;
    const gl = await makeCode(t.db.sql, 'gl_accounts', company, '6100');
    const cc1 = await makeCode(t.db.sql, 'cost_centres', company, 'CC-10');
    const cc2 = await makeCode(t.db.sql, 'cost_centres', company, 'CC-20');
    const [line] = await t.db.sql<{ id: number; net: string }[]>`select id::int, net_amount::text as net from invoice_lines where invoice_id = ${id} order by position limit 1`;
    const half = (Number(line!.net) / 2).toFixed(2);
    const rest = (Number(line!.net) - Number(half)).toFixed(2);
    await t.db.sql`insert into invoice_line_codings (invoice_line_id, position, amount, percent, gl_account_id, cost_centre_id, source) values
      (${line!.id}, 0, ${half}, 50, ${gl}, ${cc1}, 'manual'), (${line!.id}, 1, ${rest}, 50, ${gl}, ${cc2}, 'manual')`;
    const manager = await makeUser(t.db.sql, { roles: ['ap_manager'], firstName: 'Maria', lastName: 'Rossi' });
    await t.db.sql`update invoices set status = 'approved' where id = ${id}`;
    await t.db.sql`insert into invoice_events (invoice_id, actor_id, action, from_status, to_status) values (${id}, ${manager.id}, 'status', 'ready', 'approved')`;

    const res = await call(`/invoices/${id}`, { token: tokens.read });
    assert.equal(res.status, 200);
    const body = res.body;
    assert.equal(body.number, '12115118');
    assert.equal(body.format, 'cii');
    assert.equal(body.status, 'approved');
    assert.match(body.supplier.vatId, /^NL/);
    assert.ok(body.buyer.name);
    assert.equal(body.totals.payable, '250.33');
    assert.ok(body.lines.length >= 1);
    assert.deepEqual(body.lines[0].coding.map((c: any) => [c.amount, c.glAccount.code, c.costCentre.code]), [[half, '6100', 'CC-10'], [rest, '6100', 'CC-20']]);
    assert.ok(body.taxBreakdown.length >= 1 && typeof body.taxBreakdown[0].taxAmount === 'string');
    assert.deepEqual(body.approvals.map((a: any) => a.approvedBy), ['Maria Rossi']);
    assert.equal(body.original.href, `/api/v1/invoices/${id}/original`);

    const original = await call(body.original.href.replace('/api/v1', ''), { token: tokens.read });
    assert.equal(original.status, 200);
    assert.match(original.headers.get('content-disposition') ?? '', /^attachment/);
    assert.ok(Buffer.from(original.body as Buffer).equals(Buffer.from(corpusFile(CII_SAME_INVOICE))), 'the original byte for byte');

    // with an approval chain (src/approvals), its sign-offs are the approvals
    const chained = await makeInvoice(t.db.sql, { companyId: company, status: 'approved' });
    const cfo = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Carla', lastName: 'Bianchi' });
    const [chain] = await t.db.sql<{ id: number }[]>`insert into approval_chains (invoice_id, rule_name, state, finished_at) values (${chained.id}, 'Over 10,000', 'approved', now()) returning id::int`;
    const steps = await t.db.sql<{ id: number }[]>`
      insert into approval_steps (chain_id, position, label, roles) values (${chain!.id}, 0, 'AP Manager', '{ap_manager}'), (${chain!.id}, 1, 'CFO', '{ap_admin}') returning id::int`;
    await t.db.sql`insert into approval_decisions (chain_id, step_id, user_id, at) values
      (${chain!.id}, ${steps[0]!.id}, ${manager.id}, now() - interval '1 hour'), (${chain!.id}, ${steps[1]!.id}, ${cfo.id}, now())`;
    const chainedJson = (await call(`/invoices/${chained.id}`, { token: tokens.read })).body;
    assert.deepEqual(chainedJson.approvals.map((a: any) => [a.step, a.approvedBy]), [['AP Manager', 'Maria Rossi'], ['CFO', 'Carla Bianchi']]);

    const withAttachment = await makeInvoice(t.db.sql, { companyId: company });
    const [att] = await t.db.sql<{ id: number }[]>`
      insert into invoice_attachments (invoice_id, position, filename, mime_type, size_bytes, sha256, content)
      values (${withAttachment.id}, 0, 'scan.pdf', 'application/pdf', 9, 'x', ${Buffer.from('%PDF-1.4\n')}) returning id::int`;
    const detail = (await call(`/invoices/${withAttachment.id}`, { token: tokens.read })).body;
    assert.deepEqual(detail.attachments, [{ id: att!.id, filename: 'scan.pdf', mimeType: 'application/pdf', sizeBytes: 9, href: `/api/v1/invoices/${withAttachment.id}/attachments/${att!.id}` }]);
    const file = await call(detail.attachments[0].href.replace('/api/v1', ''), { token: tokens.read });
    assert.equal(file.status, 200);
    assert.equal(Buffer.from(file.body as Buffer).toString(), '%PDF-1.4\n');
    assertProblem(await call(`/invoices/${id}/attachments/${att!.id}`, { token: tokens.read }), 404, /no attachment/);
  });

  it('records export results: Exported with the ERP document id, Export failed with the message; 409 when not awaiting export', async () => {
    const [ok, bad, fresh] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }, { status: 'approved' }, { status: 'in_review' }]);
    const exported = await call(`/invoices/${ok}/export-result`, { token: tokens.export, body: { outcome: 'exported', erpDocumentId: '5100001234' } });
    assert.equal(exported.status, 200);
    assert.deepEqual(exported.body, { id: ok, status: 'exported', changed: true, erpDocumentId: '5100001234', erpMessage: null });
    const again = await call(`/invoices/${ok}/export-result`, { token: tokens.export, body: { outcome: 'exported', erpDocumentId: '5100001234' } });
    assert.equal(again.body.changed, false);
    assertProblem(await call(`/invoices/${ok}/export-result`, { token: tokens.export, body: { outcome: 'failed', message: 'late' } }), 409, /not awaiting export/);

    const failed = await call(`/invoices/${bad}/export-result`, { token: tokens.export, body: { outcome: 'failed', message: 'Vendor 4711 is blocked for posting' } });
    assert.equal(failed.body.status, 'export_failed');
    const [row] = await t.db.sql<{ status: string; erpMessage: string }[]>`select status, erp_message from invoices where id = ${bad!}`;
    assert.deepEqual({ ...row }, { status: 'export_failed', erpMessage: 'Vendor 4711 is blocked for posting' });
    const [event] = await t.db.sql<{ actorLabel: string }[]>`select actor_label from invoice_events where invoice_id = ${bad!}`;
    assert.equal(event!.actorLabel, 'API token “Exporter”');

    assertProblem(await call(`/invoices/${fresh}/export-result`, { token: tokens.export, body: { outcome: 'exported', erpDocumentId: 'A' } }), 409, /In review, not awaiting export/);
    assertProblem(await call('/invoices/99999999/export-result', { token: tokens.export, body: { outcome: 'exported', erpDocumentId: 'A' } }), 404);
  });

  it('refuses malformed export results with a sentence per field', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }]);
    const post = (raw: string, headers?: Record<string, string>) => call(`/invoices/${id}/export-result`, { token: tokens.export, raw, headers });
    assertProblem(await post('{"outcome": "exported", '), 400, /not valid JSON/);
    assertProblem(await post('[]'), 400);
    assertProblem(await post('{"outcome": "booked"}'), 400, /outcome/);
    const noMessage = await post('{"outcome": "failed"}');
    assertProblem(noMessage, 400);
    assert.ok(noMessage.body.errors.message);
    assertProblem(await post(JSON.stringify({ outcome: 'exported', erpDocumentId: 'x'.repeat(201) })), 400, /200 characters/);
    assertProblem(await post('{"outcome": "exported", "erpDocumentId": 5}'), 400, /string/);
    const wrongType = await fetch(`${t.app.url}/api/v1/invoices/${id}/export-result`, { method: 'POST', headers: { authorization: `Bearer ${tokens.export}`, 'content-type': 'text/plain' }, body: 'exported' });
    assert.ok(wrongType.status >= 400 && wrongType.status < 500);
    assert.equal(wrongType.headers.get('content-type'), 'application/problem+json');
    const [row] = await t.db.sql<{ status: string }[]>`select status from invoices where id = ${id!}`;
    assert.equal(row!.status, 'approved', 'nothing changed');
  });

  it('makes a repeated POST with the same Idempotency-Key harmless, and refuses the key for another request', async () => {
    const [id, other] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }, { status: 'approved' }]);
    const key = { 'idempotency-key': 'erp-run-42-invoice' };
    const body = { outcome: 'failed', message: 'GL 6100 closed' };
    const one = await call(`/invoices/${id}/export-result`, { token: tokens.export, body, headers: key });
    const second = await call(`/invoices/${id}/export-result`, { token: tokens.export, body, headers: key });
    assert.equal(one.status, 200);
    assert.deepEqual(second.body, one.body);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    const { n } = first(await t.db.sql<{ n: number }[]>`select count(*)::int as n from invoice_events where invoice_id = ${id!}`);
    assert.equal(n, 1, 'done once');
    assertProblem(await call(`/invoices/${other}/export-result`, { token: tokens.export, body, headers: key }), 422, /different request/);
    assertProblem(await call(`/invoices/${id}/export-result`, { token: tokens.export, body, headers: { 'idempotency-key': 'has space' } }), 400, /Idempotency-Key/);
    // another token's key space is its own
    const theirs = await call(`/invoices/${other}/export-result`, { token: tokens.all, body, headers: key });
    assert.equal(theirs.status, 200);
    // purchase orders too: the replay answers 201 "created" again, and nothing is written twice
    const company = await makeCompany(t.db.sql, 'Idem Co');
    const { key: companyKey } = first(await t.db.sql<{ key: string }[]>`select pagero_company_id as key from pagero_companies where id = ${company}`);
    const order = { company: companyKey, poNumber: 'PO-IDEM', lines: [{ lineNumber: '1', quantity: '1', unitPrice: '9.99' }] };
    const po1 = await call('/purchase-orders', { token: tokens.all, body: order, headers: { 'idempotency-key': 'po-idem-1' } });
    const po2 = await call('/purchase-orders', { token: tokens.all, body: order, headers: { 'idempotency-key': 'po-idem-1' } });
    assert.deepEqual([po1.status, po2.status, po2.headers.get('idempotent-replayed')], [201, 201, 'true']);
  });

  it('records a payment in the history and answers the supplier PD once (Pagero invoices), refuses unpaid statuses', async () => {
    const company = await makeCompany(t.db.sql, 'Delta BV');
    const [paid, rejected, upload] = await insertInvoiceRows(t.db.sql, [
      { status: 'exported', companyId: company, invScannedBy: 'Pagero', currency: 'EUR' },
      { status: 'rejected', companyId: company },
      { status: 'approved', companyId: company, invScannedBy: 'Upload' },
    ]);
    await t.db.sql`update invoices set seller_endpoint_id = '0088:5790000435951', buyer_endpoint_id = '0088:7300010000001' where id = ${paid!}`;
    const res = await call(`/invoices/${paid}/payment`, { token: tokens.export, body: { amount: '100.00', date: '2026-12-01', reference: 'PAY-7781' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual({ ...res.body, id: 0 }, { id: 0, invoiceId: paid, amount: '100.00', date: '2026-12-01', reference: 'PAY-7781', supplierResponse: 'queued' });
    const again = await call(`/invoices/${paid}/payment`, { token: tokens.export, body: { amount: '20.33', date: '2026-12-02' } });
    assert.equal(again.status, 201);
    const responses = await t.db.sql<{ code: string; reasonText: string }[]>`select response_code as code, reason_text from invoice_responses where invoice_id = ${paid!}`;
    assert.deepEqual(responses.map((r) => r.code), ['PD'], 'PD once per invoice');
    assert.match(responses[0]!.reasonText, /100\.00 EUR paid on 2026-12-01, reference PAY-7781/);
    const { jobs } = first(await t.db.sql<{ jobs: number }[]>`select count(*)::int as jobs from graphile_worker.jobs where task_identifier = 'invoice_responses__send'`);
    assert.equal(jobs, 1);
    const history = await t.db.sql<{ action: string; reason: string; actorLabel: string }[]>`select action, reason, actor_label from invoice_events where invoice_id = ${paid!} order by id`;
    assert.deepEqual(history.map((h) => [h.action, h.actorLabel]), [['paid', 'API token “Exporter”'], ['paid', 'API token “Exporter”']]);

    const fromUpload = await call(`/invoices/${upload}/payment`, { token: tokens.export, body: { amount: '5', date: '2026-12-01' } });
    assert.equal(fromUpload.body.supplierResponse, 'none', 'uploads never get responses');
    assertProblem(await call(`/invoices/${rejected}/payment`, { token: tokens.export, body: { amount: '5', date: '2026-12-01' } }), 409, /Rejected/);
    assertProblem(await call(`/invoices/${paid}/payment`, { token: tokens.export, body: { amount: '-5', date: '2026-12-01' } }), 400, /more than 0/);
    assertProblem(await call(`/invoices/${paid}/payment`, { token: tokens.export, body: { amount: 5, date: '2026-12-01' } }), 400, /decimal string/);
    assertProblem(await call(`/invoices/${paid}/payment`, { token: tokens.export, body: { amount: '5', date: '01.12.2026' } }), 400, /date/);
    assertProblem(await call(`/invoices/${paid}/payment`, { token: tokens.read, body: { amount: '5', date: '2026-12-01' } }), 403);
  });
});
