/*
 * Issue 13 items 5 and 6: control characters (NUL above all) in a query, a form, JSON or a cookie
 * get a sentence and 400/422 (or are treated as absent), never a 500 from PostgreSQL; a garbled
 * flash cookie is dropped; a CSV export that fails midway is aborted, not a short file with 200.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createApiToken } from '../../src/purchase-orders/api-tokens';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany, makeGroup } from '../invoices/helpers';

const SENTENCE = /contains a control character \(such as NUL\) that apdesk cannot store/;

describe('control characters in requests (issue 13 item 5) and damaged cookies (item 6)', () => {
  const t = useTestApp();
  let admin: { id: number; email: string; password: string };
  let browser: Browserless;
  let invoiceId: number;

  before(async () => {
    admin = await makeUser(t.db.sql, { roles: ['ap_admin'], isUserAdmin: true });
    const group = await makeGroup(t.db.sql, 'All', [admin.id]);
    [invoiceId] = (await insertInvoiceRows(t.db.sql, [{ groupId: group, number: 'NUL-1' }])) as [number];
    browser = new Browserless(t.app.url);
    await browser.signIn(admin.email, admin.password);
  });

  it('an anonymous session cookie of NULs is no session: sign-in page, not 500', async () => {
    for (const cookie of ['apdesk_session=%00.%00', 'apdesk_session=%00', 'apdesk_session=a.b.c', 'apdesk_session=%FF%FE.x']) {
      const page = await fetch(`${t.app.url}/invoices`, { redirect: 'manual', headers: { cookie } });
      assert.equal(page.status, 302, cookie);
      const login = await fetch(`${t.app.url}/login`, { headers: { cookie } });
      assert.equal(login.status, 200, cookie);
    }
  });

  it('a garbled flash cookie is dropped and cleared, not a 500 on every page', async () => {
    for (const value of ['%E0%A4%A', '%', '%00%01hello']) {
      const res = await browser.request('GET', '/invoices', { headers: { cookie: `apdesk_session=${browser.cookie('apdesk_session')}; apdesk_flash=${value}` } });
      assert.equal(res.status, 200, value);
      assert.match(res.headers.getSetCookie().join('\n'), /apdesk_flash=;/, value);
    }
  });

  it('NUL in a search, a filter or the CSV export address answers 400 with a sentence', async () => {
    for (const path of ['/invoices?q=%00abc', '/invoices?supplier=%00', '/invoices/complete?q=a%01', '/invoices/export.csv?q=%00abc', '/purchase-orders?q=%00', `/invoices/${invoiceId}?q=%00`]) {
      const res = await browser.get(path);
      assert.equal(res.status, 400, path);
      assert.match(res.text, SENTENCE, path);
    }
    const tabbed = await browser.get('/invoices?q=NUL-1%09');
    assert.equal(tabbed.status, 200, 'a tab pasted into the search is fine');
  });

  it('a keyset cursor holding NUL is a damaged page link (400), not a 500', async () => {
    const cursor = Buffer.from(JSON.stringify(['\u0000abc', 1])).toString('base64url');
    const res = await browser.get(`/invoices?sort=number&dir=asc&after=${cursor}`);
    assert.equal(res.status, 400);
    assert.match(res.text, /This page link is damaged/);
  });

  it('NUL in a form field answers 422 with a sentence (naming the field, or beside it), and stores nothing', async () => {
    await browser.get(`/invoices/${invoiceId}`);
    // a form whose route still reads it with formFields (a button's hidden field, only forged) gets the sentence naming the field
    const lock = await browser.post(`/invoices/${invoiceId}/lock`, { list_query: 'q=\u0000' });
    assert.equal(lock.status, 422);
    assert.match(lock.text, /The field “list_query” contains a control character/);
    assert.equal((await t.db.sql`select count(*)::int as n from invoice_locks where invoice_id = ${invoiceId}`)[0]!.n, 0);

    // forms with text fields (notes, users, document groups, coding rules, …) show it beside the field instead:
    // control-characters-forms.test.ts
    const note = await browser.post(`/invoices/${invoiceId}/notes`, { note: 'before\u0000after' });
    assert.equal(note.status, 422);
    assert.match(note.text, /<p id="note-error"[^>]*>This field contains a control character/);
    assert.match(note.text, />beforeafter<\/textarea>/, 'the note kept, without the NUL');
    assert.equal((await t.db.sql`select count(*)::int as n from invoice_events where invoice_id = ${invoiceId} and action = 'note'`)[0]!.n, 0);
    await browser.get('/users/new');
    const user = await browser.post('/users', { firstName: 'Eve\u0001', lastName: 'Null', email: 'eve@example.test', roles: 'ap_specialist' });
    assert.equal(user.status, 422);
    assert.match(user.text, SENTENCE);
    assert.equal((await t.db.sql`select count(*)::int as n from users where email = 'eve@example.test'`)[0]!.n, 0);

    const anonymous = new Browserless(t.app.url);
    await anonymous.get('/login');
    const login = await anonymous.post('/login', { email: 'a\u0000@example.test', password: 'x' });
    assert.equal(login.status, 422);
    assert.match(login.text, SENTENCE);
  });

  it('tab and line breaks in a multi-line note are kept', async () => {
    await browser.get(`/invoices/${invoiceId}`);
    const res = await browser.post(`/invoices/${invoiceId}/notes`, { note: 'line one\r\n\tline two' });
    assert.equal(res.status, 303);
    const [row] = await t.db.sql`select reason from invoice_events where invoice_id = ${invoiceId} and action = 'note'`;
    assert.equal(row!.reason, 'line one\r\n\tline two');
  });

  it('NUL in the JSON API answers 400 with a JSON sentence naming the value', async () => {
    const { token } = await createApiToken(t.db.sql, 'ERP', admin.id);
    await makeCompany(t.db.sql, 'Json Co');
    const res = await fetch(`${t.app.url}/api/v1/purchase-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ company: 'test-Json Co', poNumber: 'PO-\u0000', currency: 'EUR', orderDate: '2026-03-01', supplier: { name: 'A\u0000' }, lines: [] }),
    });
    assert.equal(res.status, 400);
    assert.match((await res.json()).error, /The JSON value at “poNumber” contains a control character/);
  });
});

describe('a CSV export that fails midway (issue 13 item 5)', () => {
  const t = useTestApp();

  it('is aborted and logged, never a cut-off file answered 200', async (tc) => {
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const group = await makeGroup(t.db.sql, 'Everything', [user.id]);
    await insertInvoiceRows(t.db.sql, [{ groupId: group }]);
    // 40,000 more rows (over 20 MB of CSV, far more than the socket buffers hold while we do not read)
    await t.db.sql`
      with docs as (select document_id from invoices limit 1)
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, due_date, currency, seller_name, seller_vat_id,
        tax_inclusive_amount, payable_amount, warnings, attachment_count, inv_scanned_by, status, received_at)
      select (select document_id from docs), 1000 + n, 'ubl', 'invoice', 'BULK-' || n, '2026-01-15', '2026-02-15', 'EUR', 'Bulk Supplier ' || n || ' ' || repeat('with a long name ', 30),
        'IT00000000001', 100, 100, '{}', 0, 'Pagero', 'received', now()
      from generate_series(1, 40000) n`;
    await t.db.sql`insert into invoice_groups (invoice_id, group_id, status) select id, ${group}, status from invoices where invoice_number like 'BULK-%'`;
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    const res = await fetch(`${t.app.url}/invoices/export.csv`, { headers: { cookie: `apdesk_session=${browser.cookie('apdesk_session')}` } });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    tc.after(() => reader.cancel().catch(() => {}));
    await reader.read();
    // the database connection serving the export goes away (failover, restart) while the file streams
    // (matched by the start of its text: pg_stat_activity keeps only the first 1 kB)
    const killed = await t.db.sql`
      select pg_terminate_backend(pid) as done from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and query like '%i.invoice_number%' and query not like '%pg_stat_activity%'`;
    assert.ok(killed.length >= 1 && killed.every((k) => k.done), 'the export query was running');
    let received = 0;
    await assert.rejects(async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.length;
      }
    }, 'the download fails instead of ending as if complete');
    assert.ok(received < 40000 * 500, 'the file was cut off');
    for (let i = 0; i < 100 && !t.app.logLines.some((l) => l.includes('CSV export failed')); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(t.app.logLines.some((l) => l.includes('CSV export failed; the download was aborted')));
  });
});
