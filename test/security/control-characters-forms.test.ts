/*
 * Issue 13 item 5 and the guide's "a bad form field is shown next to the field": a form field
 * holding a control character re-renders the form (422) with the message beside that field, the
 * other values kept and the bad one shown without its control characters; nothing is stored. A
 * form whose route does not show field errors still gets the guard's 422 sentence (tested in
 * control-characters.test.ts); multipart bodies and the JSON API keep their refusal.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { makeCode, makeCompany } from '../coding/factory';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

const MESSAGE = 'This field contains a control character (such as NUL) that apdesk cannot store. It is taken out here: check the value and send the form again.';

/** The error paragraph beside a Field (views/components/form.tsx), and the input it describes. */
const fieldError = (name: string) => new RegExp(`<p id="field-${name}-error" class="error" role="alert">${MESSAGE.replace(/[()]/g, '\\$&')}</p>`);
const inputValue = (html: string, name: string) => new RegExp(`<input id="field-${name}" name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1];

describe('a control character in a form field is shown next to the field', () => {
  const t = useTestApp();
  let browser: Browserless;

  before(async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'], isUserAdmin: true });
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

  it('a multipart form and a bad CSRF token are still refused by the guard with its sentence', async () => {
    await browser.get('/users/new');
    const form = new FormData();
    form.append('_csrf', browser.csrf);
    form.append('firstName', 'Eve\u0000');
    const multipart = await browser.request('POST', '/users', { body: form });
    assert.equal(multipart.status, 422);
    assert.match(multipart.text, /The field “firstName” contains a control character/);
    const token = await browser.post('/users', { firstName: 'Eve' }, { csrf: `${browser.csrf}\u0000` });
    assert.equal(token.status, 422);
    assert.match(token.text, /The field “_csrf” contains a control character/);
  });
});
