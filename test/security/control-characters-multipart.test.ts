/*
 * The guide's "a bad form field is shown next to the field", for the forms that still answered a
 * control character with the guard's bare 422 sentence: the multipart forms (invoice upload with its
 * company, the three CSV imports), the validation override's reason and the bulk status change on
 * My Invoices. Each comes back (422) with the message in the field's error element, linked by
 * aria-describedby, the other values kept, nothing stored; with HX-Request too. A file cannot be
 * put back by the browser: the message beside the file input says to choose it again. A control
 * character in an uploaded file's name is taken out, not refused. The body cap still answers first.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { before, describe, it } from 'node:test';
import { makeCode, makeCompany, makeInvoice } from '../coding/factory';
import { useTestApp } from '../helpers/app';
import { Browserless, type Response_ } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { CII_SAME_INVOICE, corpusFile, makeGroup } from '../invoices/helpers';

const MESSAGE = 'This field contains a control character (such as NUL) that apdesk cannot store. It is taken out here: check the value and send the form again.';
const escape = (text: string) => text.replace(/[()?.]/g, '\\$&');
/** The field's error element right after it, and the field pointing at it with aria-describedby. */
const besideField = (html: string, id: string, message = MESSAGE) => {
  assert.match(html, new RegExp(`<p id="${id}-error" class="(error|field-error)"[^>]*>${escape(message)}</p>`), `the message in #${id}-error`);
  const field = new RegExp(`<(input|select|textarea) id="${id}"[^>]*>`).exec(html)?.[0];
  assert.ok(field, `the field #${id} is on the page`);
  assert.match(field, new RegExp(`aria-describedby="[^"]*${id}-error`), `#${id} is described by its error`);
  assert.match(field, /aria-invalid="true"/);
  // beside it: nothing but the field's own markup between the field and its error
  const between = html.slice(html.indexOf(field), html.indexOf(`id="${id}-error"`));
  assert.ok(between.length < 1500 && !/<(input|select|textarea) /.test(between.slice(field.length).replace(/<option[\s\S]*?<\/select>/, '')), `the error of #${id} sits beside it`);
};
/** A plain form post, and the same form posted by htmx (hx-boost on the body: it swaps in the page it gets). */
const PLAIN_AND_BOOSTED: Record<string, string>[] = [{}, { 'hx-request': 'true', 'hx-boosted': 'true' }];
const noControls = (res: Response_) => assert.doesNotMatch(res.text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no control character is sent back');
const selected = (html: string, id: string) => new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0].match(/<option value="([^"]*)" selected=""/)?.[1];

/**
 * A multipart body of `total` bytes whose first field holds a NUL, sent with Content-Length or chunked;
 * stops sending once the server answers. Resolves with the status.
 */
function postHugeMultipart(url: string, path: string, cookie: string, csrf: string, opts: { total: number; declareLength: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const boundary = 'x-boundary-x';
    const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="company"\r\n\r\n1\u0000\r\n--${boundary}\r\ncontent-disposition: form-data; name="csv"\r\n\r\n`);
    const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie, 'x-csrf-token': csrf };
    if (opts.declareLength) headers['content-length'] = String(opts.total);
    const req = request(new URL(path, url), { method: 'POST', headers, agent: false });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      req.destroy();
      resolve(res.statusCode!);
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.write(head);
    let sent = head.length;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = async () => {
      while (!answered && sent < opts.total) {
        sent += chunk.length;
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
        await new Promise(setImmediate);
      }
    };
    void pump();
  });
}

describe('a control character in a multipart form, the override reason or the bulk change is shown beside its field', () => {
  // a small upload cap (4 × 64 kB + 1 MB) so that the body-cap case stays small
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0', EINVOICE_MAX_BYTES: String(64 * 1024) });
  let admin: Browserless;
  let adminId = 0;
  let company = 0;
  let other = 0;

  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_admin', 'ap_manager', 'ap_specialist'], isUserAdmin: true });
    adminId = user.id;
    company = await makeCompany(t.db.sql, 'Acme Italia');
    other = await makeCompany(t.db.sql, 'Beta Gmbh');
    admin = new Browserless(t.app.url);
    await admin.signIn(user.email, user.password);
  });

  const multipart = (who: Browserless, fields: Record<string, string>, files: Record<string, { name: string; text: string | Uint8Array }> = {}) => {
    const form = new FormData();
    form.append('_csrf', who.csrf);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const [k, f] of Object.entries(files)) form.append(k, new Blob([typeof f.text === 'string' ? f.text : Buffer.from(f.text)]), f.name);
    return form;
  };
  const count = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

  describe('invoice upload (My Invoices)', () => {
    const documents = () => count(t.db.sql`select count(*)::int as n from documents where source = 'upload'`);

    it('a control character in the company: the form again, the message beside the company, the company kept, “choose the files again” beside the files', async () => {
      const before = await documents();
      await admin.get('/invoices');
      const body = multipart(admin, { company: `${other}\u0007` }, { files: { name: 'invoice.xml', text: corpusFile(CII_SAME_INVOICE) } });
      const res = await admin.request('POST', '/invoices/uploads', { body });
      assert.equal(res.status, 422);
      assert.match(res.text, /<h1>My Invoices<\/h1>/, 'the full page without htmx');
      besideField(res.text, 'upload-company');
      assert.equal(selected(res.text, 'upload-company'), String(other), 'the chosen company kept, without the control character');
      besideField(res.text, 'upload-files', 'Choose the files again: the form came back because of the company field, and a browser does not keep chosen files.');
      assert.match(res.text, /<details class="upload-toggle no-print" open="">/, 'the upload box is open');
      noControls(res);
      assert.equal(await documents(), before, 'nothing stored');

      // htmx (the form posts in place): the form itself comes back, retargeted onto itself
      await admin.get('/invoices');
      const hx = await admin.request('POST', '/invoices/uploads', {
        body: multipart(admin, { company: `\u0000${company}` }, { files: { name: 'invoice.xml', text: corpusFile(CII_SAME_INVOICE) } }),
        headers: { 'hx-request': 'true', 'x-csrf-token': admin.csrf },
      });
      assert.equal(hx.status, 422);
      assert.equal(hx.headers.get('hx-retarget'), '#upload-form');
      assert.match(hx.text, /^<form id="upload-form"/, 'the fragment, not the page');
      besideField(hx.text, 'upload-company');
      assert.equal(selected(hx.text, 'upload-company'), String(company));
      besideField(hx.text, 'upload-files', 'Choose the files again: the form came back because of the company field, and a browser does not keep chosen files.');
      assert.equal(await documents(), before);
    });

    it('a control character in a file’s name is taken out (a space), never refused or stored', async () => {
      await admin.get('/invoices');
      const res = await admin.request('POST', '/invoices/uploads', {
        body: multipart(admin, { company: String(company) }, { files: { name: 'bell\u0007nul\u0000esc\u001b.xml', text: corpusFile(CII_SAME_INVOICE) } }),
      });
      assert.equal(res.status, 303, res.text.slice(0, 300));
      const page = await admin.get(res.location!);
      assert.match(page.text, /<strong>bell nul esc \.xml<\/strong>/);
      const [doc] = await t.db.sql`select filename from documents where source = 'upload' order by id desc limit 1`;
      assert.equal(doc!.filename, 'bell nul esc .xml');
    });
  });

  it('the body cap still answers first: an oversized multipart body holding a NUL gets 413, never the form again', async () => {
    await admin.get('/invoices');
    const cookie = ['apdesk_session', 'apdesk_csrf'].map((name) => `${name}=${admin.cookie(name)}`).join('; ');
    for (const declareLength of [true, false]) {
      assert.equal(await postHugeMultipart(t.app.url, '/invoices/uploads', cookie, admin.csrf, { total: 2 * 1024 * 1024, declareLength }), 413, `upload, ${declareLength ? 'Content-Length' : 'chunked'}`);
      assert.equal(await postHugeMultipart(t.app.url, '/purchase-orders/import', cookie, admin.csrf, { total: 9 * 1024 * 1024, declareLength }), 413, `import, ${declareLength ? 'Content-Length' : 'chunked'}`);
    }
  });

  describe('CSV imports', () => {
    it('one company’s codes: the pasted CSV with a NUL comes back beside the box, without it; nothing imported; with htmx (boosted) too', async () => {
      const path = `/settings/master-data/${company}/gl-accounts/import`;
      for (const headers of PLAIN_AND_BOOSTED) {
        await admin.get(path);
        const res = await admin.request('POST', path, { body: multipart(admin, { csv: 'code,name\n4000,Office\u0000 supplies\n' }), headers });
        assert.equal(res.status, 422);
        besideField(res.text, 'csv-text');
        assert.match(res.text, />code,name\r\n4000,Office supplies\r\n<\/textarea>/, 'the text kept, without the NUL (a multipart body sends line breaks as CRLF)');
        assert.doesNotMatch(res.text, /aria-label="Preview"/, 'no preview of a text that is not what was sent');
        noControls(res);
      }
      assert.equal(await count(t.db.sql`select count(*)::int as n from gl_accounts where company_id = ${company}`), 0);
    });

    it('one company’s codes: a file holding a control character is refused beside the file input (choose it again); the confirmation cannot store it either', async () => {
      const path = `/settings/master-data/${company}/cost-centres/import`;
      await admin.get(path);
      const res = await admin.request('POST', path, { body: multipart(admin, { csv: '' }, { file: { name: 'centres.csv', text: 'code,name\nCC1,Bell\u0007 centre\n' } }) });
      assert.equal(res.status, 422);
      besideField(res.text, 'csv-file', 'This file contains a control character (such as NUL) that apdesk cannot store. Remove it from the file and choose the file again.');
      const confirmed = await admin.request('POST', `${path}/confirmation`, { body: multipart(admin, {}, { file: { name: 'centres.csv', text: 'code,name\nCC1,Nul\u0000 centre\n' } }) });
      assert.equal(confirmed.status, 422);
      assert.equal(await count(t.db.sql`select count(*)::int as n from cost_centres where company_id = ${company}`), 0);
    });

    it('all companies: a control character in the kind and in the pasted text, each beside its field, the values kept', async () => {
      await admin.get('/settings/master-data/import');
      const res = await admin.request('POST', '/settings/master-data/import', { body: multipart(admin, { kind: 'tax-codes\u0001', csv: 'company,code,name\nAcme Italia,V22,Vat\u001b 22\n' }) });
      assert.equal(res.status, 422);
      besideField(res.text, 'import-kind');
      besideField(res.text, 'csv-text');
      assert.match(res.text, />company,code,name\r\nAcme Italia,V22,Vat 22\r\n<\/textarea>/);
      noControls(res);

      // a file chosen and a bad kind: the file's text is put in the box, and the file input says so
      await admin.get('/settings/master-data/import');
      const withFile = await admin.request('POST', '/settings/master-data/import', {
        body: multipart(admin, { kind: '\u0000gl-accounts', csv: '' }, { file: { name: 'all.csv', text: 'company,code,name\nAcme Italia,4000,Office\n' } }),
        headers: { 'hx-request': 'true', 'hx-boosted': 'true' },
      });
      assert.equal(withFile.status, 422);
      besideField(withFile.text, 'import-kind');
      assert.match(withFile.text, /<small id="csv-file-note" class="hint" role="status">A browser does not keep a chosen file when the form comes back: its text is in the box below\. Send that, or choose the file again\.<\/small>/);
      assert.match(withFile.text, /<input id="csv-file"[^>]*aria-describedby="csv-file-note"/);
      assert.match(withFile.text, />company,code,name\nAcme Italia,4000,Office\n<\/textarea>/);
      assert.equal(await count(t.db.sql`select count(*)::int as n from tax_codes`), 0);
    });

    it('purchase orders: a control character in the company and in the pasted text, each beside its field, the type kept; nothing stored', async () => {
      await admin.get('/purchase-orders/import');
      const csv = 'receipt_number,po_number,received_on,line_number,quantity\nGR-1,PO-\u00071,2026-03-01,1,2\n';
      const res = await admin.request('POST', '/purchase-orders/import', { body: multipart(admin, { company: `${company}\u0000`, type: 'receipts', csv }) });
      assert.equal(res.status, 422);
      besideField(res.text, 'imp-company');
      besideField(res.text, 'imp-csv');
      assert.equal(selected(res.text, 'imp-company'), String(company));
      assert.match(res.text, /name="type" value="receipts" checked=""/);
      assert.match(res.text, />receipt_number,po_number,received_on,line_number,quantity\r\nGR-1,PO-1,2026-03-01,1,2\r\n<\/textarea>/);
      noControls(res);

      await admin.get('/purchase-orders/import');
      const hx = await admin.request('POST', '/purchase-orders/import', {
        body: multipart(admin, { company: String(company), type: 'orders', csv: 'po_number\u0000\n' }),
        headers: { 'hx-request': 'true', 'hx-boosted': 'true' },
      });
      assert.equal(hx.status, 422);
      besideField(hx.text, 'imp-csv');
      assert.equal(selected(hx.text, 'imp-company'), String(company));
      assert.equal(await count(t.db.sql`select count(*)::int as n from goods_receipts`), 0);
    });
  });

  describe('My Invoices: the bulk status change', () => {
    it('a control character in the reason: the list again, the message beside the reason, the change, reason and ticked invoices kept', async () => {
      const group = await makeGroup(t.db.sql, 'Bulk', [adminId]);
      const a = await makeInvoice(t.db.sql, { documentGroupId: group, status: 'in_review' });
      const b = await makeInvoice(t.db.sql, { documentGroupId: group, status: 'in_review' });
      for (const headers of PLAIN_AND_BOOSTED) {
        await admin.get('/invoices');
        const body = new URLSearchParams([['_csrf', admin.csrf], ['list_query', ''], ['action', 'hold'], ['reason', 'Waiting\u0000 for the PO'], ['reason_code', 'REF'], ['ids', String(a.id)], ['ids', String(b.id)]]);
        const res = await admin.request('POST', '/invoices/status-changes', { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
        assert.equal(res.status, 422);
        besideField(res.text, 'bulk-reason');
        assert.match(res.text, /<input id="bulk-reason" type="text" name="reason" value="Waiting for the PO"/);
        assert.equal(selected(res.text, 'bulk-action'), 'hold');
        assert.equal(selected(res.text, 'bulk-reason-code'), 'REF');
        for (const id of [a.id, b.id]) assert.match(res.text, new RegExp(`name="ids" value="${id}"[^>]* checked=""`), `invoice ${id} still ticked`);
        assert.match(res.text, /<details class="bulk-reason" open="">/);
        noControls(res);
      }
      assert.equal(await count(t.db.sql`select count(*)::int as n from invoices where id in (${a.id}, ${b.id}) and status <> 'in_review'`), 0);
    });

    it('a control character in a hidden field (only a forged request sends one) still gets the 422 sentence', async () => {
      await admin.get('/invoices');
      const res = await admin.post('/invoices/status-changes', { list_query: 'q=\u0000', action: 'hold', reason: 'x', ids: '1' });
      assert.equal(res.status, 422);
      assert.match(res.text, /The field “list_query” contains a control character/);
    });
  });

  describe('the validation override', () => {
    it('a control character in the reason: the invoice page again, the reason kept without it and the message beside it; nothing allowed', async () => {
      const group = await makeGroup(t.db.sql, 'Validation', [adminId]);
      const invoice = await makeInvoice(t.db.sql, { documentGroupId: group, status: 'in_review' });
      await t.db.sql`insert into invoice_validations (invoice_id, state, rules_version, rule_sets, fatal_count, warning_count) values (${invoice.id}, 'done', 'test', '{en16931-ubl}', 1, 0)`;
      await t.db.sql`insert into invoice_validation_findings (invoice_id, position, rule_id, severity, message, location, rule_set) values (${invoice.id}, 0, 'BR-CO-15', 'fatal', 'Totals do not add up.', null, 'en16931-ubl')`;
      for (const headers of PLAIN_AND_BOOSTED) {
        await admin.get(`/invoices/${invoice.id}`);
        const body = new URLSearchParams({ _csrf: admin.csrf, list_query: '', reason: 'Rounding\u001b agreed by phone' });
        const res = await admin.request('POST', `/invoices/${invoice.id}/validation/override`, { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
        assert.equal(res.status, 422);
        assert.match(res.text, /<section id="validation"/, 'the invoice page with its validation panel');
        besideField(res.text, 'override_reason');
        assert.match(res.text, />Rounding agreed by phone<\/textarea>/);
        noControls(res);
      }
      assert.equal(await count(t.db.sql`select count(*)::int as n from invoice_validations where invoice_id = ${invoice.id} and override_at is not null`), 0);
    });
  });
});
