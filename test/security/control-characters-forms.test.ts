/*
 * Issue 13 item 5 and the guide's "a bad form field is shown next to the field": a form field
 * holding a control character re-renders the form (422) with the message beside that field, the
 * other values kept and the bad one shown without its control characters; nothing is stored. The
 * table at the end holds one case per form converted from the guard's sentence (formFields). A form
 * still read with formFields gets the guard's 422 sentence (tested in control-characters.test.ts);
 * the JSON API keeps its refusal. Multipart forms: control-characters-multipart.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { makeApprovalRule, person, when } from '../approvals/factory';
import { makeCode, makeCompany, makeInvoice } from '../coding/factory';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { approvedInvoice } from '../export/helpers';
import { makeGroup, UBL_EXAMPLE } from '../invoices/helpers';

const MESSAGE = 'This field contains a control character (such as NUL) that apdesk cannot store. It is taken out here: check the value and send the form again.';

/** The error paragraph beside a Field (views/components/form.tsx), and the input it describes. */
const fieldError = (name: string) => new RegExp(`<p id="field-${name}-error" class="error" role="alert">${MESSAGE.replace(/[()]/g, '\\$&')}</p>`);
const inputValue = (html: string, name: string) => new RegExp(`<input id="field-${name}" name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1];

describe('a control character in a form field is shown next to the field', () => {
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' }); // the webhook and SFTP forms take a local address
  let browser: Browserless;
  let adminId = 0;

  before(async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin', 'ap_manager', 'ap_specialist'], isUserAdmin: true });
    adminId = admin.id;
    browser = new Browserless(t.app.url);
    await browser.signIn(admin.email, admin.password);
  });

  it('user create: the form comes back with the message beside “First name”, the values kept, nobody added; fixed, it saves', async () => {
    await browser.get('/users/new');
    const fields = { firstName: 'Eve\u0001', lastName: 'Null', email: 'eve@example.test', roles: 'ap_specialist' };
    const res = await browser.post('/users', fields);
    assert.equal(res.status, 422);
    assert.match(res.text, /<form[^>]*method="post"/);
    assert.match(res.text, fieldError('firstName'));
    assert.match(res.text, /id="field-firstName"[^>]*aria-invalid="true"/);
    assert.equal(inputValue(res.text, 'firstName'), 'Eve', 'shown without the control character');
    assert.equal(inputValue(res.text, 'lastName'), 'Null');
    assert.equal(inputValue(res.text, 'email'), 'eve@example.test');
    assert.doesNotMatch(res.text, fieldError('lastName'));
    assert.equal((await t.db.sql`select count(*)::int as n from users where email = 'eve@example.test'`)[0]!.n, 0);

    // htmx posts the same form and gets the same answer (the layout's responseHandling swaps a 422)
    const hx = await browser.request('POST', '/users', {
      body: new URLSearchParams({ _csrf: browser.csrf, ...fields, firstName: '\u0000' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' },
    });
    assert.equal(hx.status, 422);
    assert.match(hx.text, fieldError('firstName'));

    const fixed = await browser.post('/users', { ...fields, firstName: 'Eve' });
    assert.equal(fixed.status, 200, 'added (the page shows the generated password)');
    assert.equal((await t.db.sql`select first_name from users where email = 'eve@example.test'`)[0]!.firstName, 'Eve');
  });

  it('document group: a NUL in the name and in a condition value are each shown beside their field; nothing is created', async () => {
    await browser.get('/settings/document-groups/new');
    const res = await browser.post('/settings/document-groups', {
      name: 'Acme\u0000 Italia',
      'r.join': 'and',
      'r.0.field': 'supplier',
      'r.0.op': 'contains',
      'r.0.value': 'Ac\u0002me',
      'r.0.kind': 'text',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, fieldError('name'));
    assert.equal(inputValue(res.text, 'name'), 'Acme Italia');
    // the condition row carries the same message in its own error line
    assert.match(res.text, new RegExp(`id="r\\.0-error"[^>]*>${MESSAGE.replace(/[()]/g, '\\$&')}<`));
    assert.match(res.text, /name="r\.0\.value"[^>]* value="Acme"/);
    assert.equal((await t.db.sql`select count(*)::int as n from document_groups where name like 'Acme%'`)[0]!.n, 0);

    const plain = await browser.post('/settings/document-groups', { name: 'Acme Italia', 'r.join': 'and', 'r.0.field': 'supplier', 'r.0.op': 'contains', 'r.0.value': 'Acme', 'r.0.kind': 'text' });
    assert.equal(plain.status, 303);
  });

  it('coding rule: a control character in the supplier is shown beside it, the codes kept', async () => {
    const company = await makeCompany(t.db.sql);
    await makeCode(t.db.sql, 'gl_accounts', company, '4000');
    await browser.get('/settings/coding-rules/new');
    const fields = { kind: 'fixed', supplier: 'IT\u001f01234567890', newSupplier: 'on', companyId: '', glAccountCode: '4000', active: 'on' };
    const res = await browser.post('/settings/coding-rules', fields);
    assert.equal(res.status, 422);
    assert.match(res.text, fieldError('supplier'));
    assert.equal(inputValue(res.text, 'supplier'), 'IT01234567890');
    assert.equal(inputValue(res.text, 'glAccountCode'), '4000');
    assert.equal((await t.db.sql`select count(*)::int as n from coding_rules`)[0]!.n, 0);

    const fixed = await browser.post('/settings/coding-rules', { ...fields, supplier: 'IT01234567890' });
    assert.equal(fixed.status, 303);
    assert.equal((await t.db.sql`select count(*)::int as n from coding_rules`)[0]!.n, 1);
  });

  it('the same form sent multipart gets the message beside the field too; a bad CSRF token is still refused by the guard with its sentence', async () => {
    await browser.get('/users/new');
    const form = new FormData();
    form.append('_csrf', browser.csrf);
    form.append('firstName', 'Eve\u0000');
    const multipart = await browser.request('POST', '/users', { body: form });
    assert.equal(multipart.status, 422);
    assert.match(multipart.text, fieldError('firstName'));
    const token = await browser.post('/users', { firstName: 'Eve' }, { csrf: `${browser.csrf}\u0000` });
    assert.equal(token.status, 422);
    assert.match(token.text, /The field “_csrf” contains a control character/);
  });

  /*
   * The forms converted from the guard's bare sentence (formFields) to the message beside the field:
   * each gets a NUL in one text field; the answer is the form again (422) with the message within
   * the few hundred characters around that field's input, the other typed values and the bad one
   * (without its NUL) still in the form, and nothing saved.
   */
  type Case = { as?: Browserless; get: string; post: string; fields: Record<string, string | string[]>; bad: string; kept: string[]; unsaved?: () => Promise<number> };
  const count = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;
  const invoiceFor = async (lines = 1) => {
    const company = await makeCompany(t.db.sql);
    await makeCode(t.db.sql, 'gl_accounts', company, '4000');
    await makeCode(t.db.sql, 'cost_centres', company, 'CC1');
    const group = await makeGroup(t.db.sql, `Group ${company}`, [adminId]);
    return makeInvoice(t.db.sql, { companyId: company, documentGroupId: group, status: 'in_review', sellerName: `Supplier ${company}` }, Array.from({ length: lines }, () => ({ netAmount: '100.00' })));
  };
  /** A coded invoice whose approval step waits for a new person (not the admin, who coded it). */
  const waitingForOwner = async () => {
    const invoice = await invoiceFor();
    const [row] = await t.db.sql<{ sellerName: string }[]>`select seller_name from invoices where id = ${invoice.id}`;
    const owner = await person(t.db.sql, t.app.url, [], 'Olga', 'Owner');
    await makeApprovalRule(t.db.sql, `Rule ${invoice.id}`, when({ field: 'supplier', op: 'equals', value: row!.sellerName }), [{ kind: 'user', userId: owner.id }]);
    await browser.get(`/invoices/${invoice.id}`);
    const gl = await browser.post(`/invoices/${invoice.id}/coding/lines/${invoice.lineIds[0]}`, { glAccount: '4000', costCentre: 'CC1', taxCode: '' });
    assert.equal(gl.status, 303);
    // coded, it reaches Ready by itself (and its chain starts) or is marked Ready here
    if ((await t.db.sql`select status from invoices where id = ${invoice.id}`)[0]!.status === 'in_review') {
      assert.equal((await browser.post(`/invoices/${invoice.id}/status-changes`, { action: 'mark_ready' })).status, 303);
    }
    return { invoice, owner };
  };
  const cases: Record<string, () => Promise<Case>> = {
    'webhook endpoint (new)': async () => ({
      get: '/settings/webhooks', post: '/settings/webhooks', bad: 'description',
      fields: { url: 'http://127.0.0.1:9/erp-hook', description: 'ERP\u0000 hook', events: 'invoice.approved' },
      kept: ['value="http://127.0.0.1:9/erp-hook"', 'value="ERP hook"'],
      unsaved: () => count(t.db.sql`select count(*)::int as n from webhook_endpoints`),
    }),
    'webhook endpoint (edit)': async () => {
      const [row] = await t.db.sql<{ id: number }[]>`
        insert into webhook_endpoints (url, description, events, secret_sealed, created_by)
        values ('http://127.0.0.1:9/old', 'Old', '{invoice.approved}', '\\x00', ${adminId}) returning id::int`;
      return {
        get: `/settings/webhooks/${row!.id}`, post: `/settings/webhooks/${row!.id}`, bad: 'description',
        fields: { description: 'New\u0007 name', events: ['invoice.approved', 'invoice.exported'] },
        kept: ['value="New name"', 'value="invoice.exported" checked'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from webhook_endpoints where description <> 'Old'`),
      };
    },
    'API token': async () => ({
      get: '/settings/api-tokens', post: '/settings/api-tokens', bad: 'name',
      fields: { name: 'ERP\u0000', scopes: 'purchase-orders:write' },
      kept: ['value="ERP"', 'value="purchase-orders:write" checked'],
      unsaved: () => count(t.db.sql`select count(*)::int as n from api_tokens`),
    }),
    'export settings': async () => {
      const company = await makeCompany(t.db.sql);
      return {
        get: `/settings/export/${company}`, post: `/settings/export/${company}`, bad: 'sftp_folder',
        fields: { columns: '', confirmation: 'on_delivery', schedule_mode: 'default', schedule: '', delivery: 'download', sftp_host: '127.0.0.1', sftp_port: '2222', sftp_username: 'erp-user', sftp_folder: '/in\u0001box' },
        kept: ['value="127.0.0.1"', 'value="2222"', 'value="erp-user"', 'value="/inbox"'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from export_settings where company_id = ${company}`),
      };
    },
    'approval rule (its name)': async () => ({
      get: '/settings/approvals/new', post: '/settings/approvals', bad: 'name',
      fields: { name: 'Big\u0000 ones', 'r.join': 'and', 'r.0.field': 'totalAmount', 'r.0.op': 'gt', 'r.0.value': '10000', 'r.0.kind': 'number', 'steps.0.kind': 'role', 'steps.0.roles': 'ap_manager', 'steps.0.count': '1' },
      kept: ['value="Big ones"', 'value="10000"'],
      unsaved: () => count(t.db.sql`select count(*)::int as n from approval_rules where name like 'Big%'`),
    }),
    'approval rule (a step’s count)': async () => ({
      get: '/settings/approvals/new', post: '/settings/approvals', bad: 'steps.0.count',
      fields: { name: 'Two managers', 'r.join': 'and', 'r.0.field': 'totalAmount', 'r.0.op': 'gt', 'r.0.value': '500', 'r.0.kind': 'number', 'steps.0.kind': 'role', 'steps.0.roles': 'ap_manager', 'steps.0.count': '2\u0000' },
      kept: ['value="Two managers"', 'value="500"'],
      unsaved: () => count(t.db.sql`select count(*)::int as n from approval_rules where name = 'Two managers'`),
    }),
    'invoice note': async () => {
      const invoice = await invoiceFor();
      return {
        get: `/invoices/${invoice.id}`, post: `/invoices/${invoice.id}/notes`, bad: 'note',
        fields: { note: 'Call\u0000 the supplier' }, kept: ['>Call the supplier</textarea>'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from invoice_events where invoice_id = ${invoice.id} and action = 'note'`),
      };
    },
    'status change reason': async () => {
      const invoice = await invoiceFor();
      return {
        get: `/invoices/${invoice.id}`, post: `/invoices/${invoice.id}/status-changes`, bad: 'reason',
        fields: { action: 'hold', reason: 'Waiting\u0000 for the PO' }, kept: ['value="Waiting for the PO"'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from invoices where id = ${invoice.id} and status <> 'in_review'`),
      };
    },
    'line coding': async () => {
      const invoice = await invoiceFor();
      return {
        get: `/invoices/${invoice.id}`, post: `/invoices/${invoice.id}/coding/lines/${invoice.lineIds[0]}`, bad: 'costCentre',
        fields: { glAccount: '4000', costCentre: 'CC\u00001', taxCode: '' }, kept: ['value="4000"', 'value="CC1"'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from invoice_line_codings where invoice_line_id = ${invoice.lineIds[0]!} and gl_account_id is not null`),
      };
    },
    'header coding': async () => {
      const invoice = await invoiceFor(2); // "Code all lines" is offered from two lines on
      return {
        get: `/invoices/${invoice.id}`, post: `/invoices/${invoice.id}/coding/header`, bad: 'glAccount',
        fields: { glAccount: '40\u000200', costCentre: 'CC1', taxCode: '' }, kept: ['value="4000"', 'value="CC1"'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from invoice_line_codings where invoice_line_id = ${invoice.lineIds[0]!} and gl_account_id is not null`),
      };
    },
    'split of a line': async () => {
      const invoice = await invoiceFor();
      return {
        get: `/invoices/${invoice.id}`, post: `/invoices/${invoice.id}/coding/lines/${invoice.lineIds[0]}/split`, bad: 'glAccount',
        fields: { mode: 'percent', value: ['60', '40'], glAccount: ['4000', '40\u000000'], costCentre: ['CC1', 'CC1'], taxCode: ['', ''] },
        kept: ['value="60"', 'value="40"', 'value="4000"'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from invoice_line_codings where invoice_line_id = ${invoice.lineIds[0]!} and gl_account_id is not null`),
      };
    },
    're-export reason (batch page)': async () => {
      const accountant = await person(t.db.sql, t.app.url, ['financial_accounting'], 'Fia', 'Accounts');
      const invoice = await approvedInvoice(t.db.sql, await makeCompany(t.db.sql), UBL_EXAMPLE);
      assert.equal((await accountant.browser.post('/export-batches', { ids: String(invoice), reason: '' })).status, 303, 'one batch: its page');
      const [batch] = await t.db.sql<{ id: number }[]>`select max(batch_id)::int as id from export_batch_invoices where invoice_id = ${invoice}`;
      return {
        as: accountant.browser, get: `/export-batches/${batch!.id}`, post: '/export-batches', bad: 'reason',
        fields: { ids: String(invoice), reason: 'The ERP\u0000 lost it', from_batch: String(batch!.id) }, kept: ['value="The ERP lost it"'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from export_batches`),
      };
    },
    'rejection of an approval step': async () => {
      const { invoice, owner } = await waitingForOwner();
      return {
        as: owner.browser, get: `/invoices/${invoice.id}`, post: `/approvals/${invoice.id}/rejection`, bad: 'reason',
        fields: { reason: 'Wrong\u0000 centre' }, kept: ['>Wrong centre</textarea>'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from invoices where id = ${invoice.id} and status = 'in_review'`),
      };
    },
    'question of an approver': async () => {
      const { invoice, owner } = await waitingForOwner();
      return {
        as: owner.browser, get: `/invoices/${invoice.id}`, post: `/approvals/${invoice.id}/question`, bad: 'question',
        fields: { question: 'Which\u0000 project?' }, kept: ['>Which project?</textarea>'],
        unsaved: () => count(t.db.sql`select count(*)::int as n from invoices where id = ${invoice.id} and status <> 'ready'`),
      };
    },
  };

  for (const [name, make] of Object.entries(cases)) {
    it(`${name}: 422, the message beside the field with the NUL, the typed values kept, nothing saved`, async () => {
      const c = await make();
      const before = await c.unsaved?.();
      const client = c.as ?? browser;
      await client.get(c.get);
      const res = await client.post(c.post, c.fields);
      assert.equal(res.status, 422, res.text.slice(0, 300));
      const message = res.text.indexOf(MESSAGE);
      assert.ok(message >= 0, 'the field message is on the page');
      const inputs = [...res.text.matchAll(new RegExp(`name="${c.bad.replace(/\./g, '\\.')}"`, 'g'))].map((m) => m.index);
      assert.ok(inputs.length > 0, `the form has its ${c.bad} field`);
      const distance = Math.min(...inputs.map((i) => Math.abs(i - message)));
      assert.ok(distance < 700, `the message sits beside ${c.bad} (${distance} characters away)`);
      for (const value of c.kept) assert.ok(res.text.includes(value), `kept: ${value}`);
      assert.doesNotMatch(res.text, /[\u0000-\u0008]/, 'no control character is sent back');
      if (c.unsaved) assert.equal(await c.unsaved(), before, 'nothing saved');
    });
  }
});
