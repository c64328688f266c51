import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { codingsOf, makeCode, makeCompany, makeInvoice, statusOf } from './factory';

describe('coding on the invoice and coding rules over HTTP', () => {
  const t = useTestApp();
  let company: number;
  let clerk: Browserless;
  let manager: Browserless;
  let group: number;

  before(async () => {
    company = await makeCompany(t.db.sql);
    await makeCode(t.db.sql, 'gl_accounts', company, '4000');
    await makeCode(t.db.sql, 'gl_accounts', company, '4100');
    await makeCode(t.db.sql, 'gl_accounts', company, '4999', false);
    const [g] = await t.db.sql<{ id: number }[]>`
      insert into document_groups (name, priority, conditions) values ('Clerks', 1, '{"join":"and","children":[]}') returning id::int`;
    group = g!.id;
    const c = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${group}, ${c.id})`;
    clerk = new Browserless(t.app.url);
    await clerk.signIn(c.email, c.password);
    const m = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    manager = new Browserless(t.app.url);
    await manager.signIn(m.email, m.password);
  });

  it('codes a line without JavaScript, refuses unknown and deactivated codes beside the field, and moves the invoice to Ready', async () => {
    const invoice = await makeInvoice(t.db.sql, { companyId: company, documentGroupId: group }, [{ netAmount: '120.00' }]);
    const old = await clerk.get(`/invoices/${invoice.id}/coding`);
    assert.equal(old.status, 303, 'the coding page of before now leads to the invoice page');
    assert.equal(old.headers.get('location'), `/invoices/${invoice.id}#line-coding`);
    const page = await clerk.get(`/invoices/${invoice.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<datalist id="codes-glAccount"><option value="4000">/);
    assert.doesNotMatch(page.text, /value="4999"/);
    const path = `/invoices/${invoice.id}/coding/lines/${invoice.lineIds[0]}`;
    const unknown = await clerk.post(path, { glAccount: '9999', costCentre: '', taxCode: '' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /There is no GL account 9999 in this company\./);
    const inactive = await clerk.post(path, { glAccount: '4999', costCentre: '', taxCode: '' });
    assert.match(inactive.text, /GL account 4999 is deactivated\./);
    const saved = await clerk.post(path, { glAccount: '4000', costCentre: '', taxCode: '' });
    assert.equal(saved.status, 303);
    assert.equal((await codingsOf(t.db.sql, invoice.lineIds[0]!))[0]!.amount, '120.00');
    assert.equal(await statusOf(t.db.sql, invoice.id), 'ready');
    const [auto] = await t.db.sql<{ readyTouchless: boolean }[]>`select ready_touchless from invoice_automation where invoice_id = ${invoice.id}`;
    assert.equal(auto!.readyTouchless, false);
  });

  it('answers an htmx save with just the line, and loads the page when the invoice moved by itself; keeps a deactivated code already on a line', async () => {
    const invoice = await makeInvoice(t.db.sql, { companyId: company, documentGroupId: group }, [{}, {}]);
    await clerk.get(`/invoices/${invoice.id}`);
    const save = (lineId: number) => clerk.request('POST', `/invoices/${invoice.id}/coding/lines/${lineId}`, {
      body: new URLSearchParams({ glAccount: '4100', costCentre: '', taxCode: '', list_query: 'q=Acme' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': clerk.csrf },
    });
    const res = await save(invoice.lineIds[0]!);
    assert.equal(res.status, 200);
    assert.match(res.text, new RegExp(`^<section class="card coding-line" id="line-${invoice.lineIds[0]}"`));
    assert.match(res.text, /<input type="hidden" name="list_query" value="q=Acme"\/>/, 'the line keeps the list context');
    assert.match(res.text, /id="coding-status" hx-swap-oob="true">Received/);
    // The last line coded makes it Ready: htmx is sent to the whole page, whose flash says so.
    const last = await save(invoice.lineIds[1]!);
    assert.equal(last.status, 200);
    assert.deepEqual(JSON.parse(last.headers.get('hx-location')!), { path: `/invoices/${invoice.id}?q=Acme`, target: 'body' });
    const page = await clerk.get(`/invoices/${invoice.id}?q=Acme`);
    assert.match(page.text, /Line coded\. All lines coded and matched → Ready/);
    await t.db.sql`update gl_accounts set active = false where code = '4100'`;
    const again = await clerk.post(`/invoices/${invoice.id}/coding/lines/${invoice.lineIds[0]}`, { glAccount: '4100', costCentre: '', taxCode: '' });
    assert.equal(again.status, 303);
    await t.db.sql`update gl_accounts set active = true where code = '4100'`;
  });

  it('saves a split by percentage and refuses one that does not add up, errors beside the form', async () => {
    const invoice = await makeInvoice(t.db.sql, { companyId: company, documentGroupId: group }, [{ netAmount: '100.00' }]);
    await clerk.get(`/invoices/${invoice.id}?split=${invoice.lineIds[0]}`);
    const path = `/invoices/${invoice.id}/coding/lines/${invoice.lineIds[0]}/split`;
    const wrong = await clerk.post(path, { mode: 'percent', value: ['60', '30'], glAccount: ['4000', '4100'], costCentre: ['', ''], taxCode: ['', ''] });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /The percentages add up to 90 %, not 100 %\./);
    const ok = await clerk.post(path, { mode: 'percent', value: ['60', '40'], glAccount: ['4000', '4100'], costCentre: ['', ''], taxCode: ['', ''] });
    assert.equal(ok.status, 303);
    assert.deepEqual((await codingsOf(t.db.sql, invoice.lineIds[0]!)).map((c) => [c.amount, c.gl]), [['60.00', '4000'], ['40.00', '4100']]);
  });

  it('reads split amounts typed the reader’s way (de-DE), and shows them back that way', async () => {
    const invoice = await makeInvoice(t.db.sql, { companyId: company, documentGroupId: group }, [{ netAmount: '1250.50' }]);
    assert.equal((await clerk.post('/profile/reading', { locale: 'de-DE', timeZone: 'Europe/Berlin' })).status, 303);
    try {
      const path = `/invoices/${invoice.id}/coding/lines/${invoice.lineIds[0]}/split`;
      const off = await clerk.post(path, { mode: 'amount', value: ['1.000,25', '250'], glAccount: ['4000', '4100'], costCentre: ['', ''], taxCode: ['', ''] });
      assert.equal(off.status, 422);
      assert.match(off.text.replace(/\u00a0/g, ' '), /The amounts add up to 1\.250,25, not the line(&#39;|')s 1\.250,50 \(0,25 missing\)\./);
      const ok = await clerk.post(path, { mode: 'amount', value: ['1.000,25', '250,25'], glAccount: ['4000', '4100'], costCentre: ['', ''], taxCode: ['', ''] });
      assert.equal(ok.status, 303);
      assert.deepEqual((await codingsOf(t.db.sql, invoice.lineIds[0]!)).map((c) => [c.amount, c.gl]), [['1000.25', '4000'], ['250.25', '4100']]);
      const form = await clerk.get(`/invoices/${invoice.id}?split=${invoice.lineIds[0]}`);
      assert.match(form.text, /<input name="value" value="1000,25"/, 'shown for typing, without grouping');
    } finally {
      await clerk.post('/profile/reading', { locale: '', timeZone: '' });
    }
  });

  it('header defaults code every line', async () => {
    const invoice = await makeInvoice(t.db.sql, { companyId: company, documentGroupId: group }, [{}, {}, {}]);
    await clerk.get(`/invoices/${invoice.id}`);
    const res = await clerk.post(`/invoices/${invoice.id}/coding/header`, { glAccount: '4100', costCentre: '', taxCode: '' });
    assert.equal(res.status, 303);
    for (const id of invoice.lineIds) assert.equal((await codingsOf(t.db.sql, id))[0]!.gl, '4100');
  });

  it('answers 404 on every coding route for an invoice the user may not see', async () => {
    const hidden = await makeInvoice(t.db.sql, { companyId: company }, [{}]);
    assert.equal((await clerk.get(`/invoices/${hidden.id}/coding`)).status, 404);
    assert.equal((await clerk.get(`/invoices/${hidden.id}/coding/section`)).status, 404);
    assert.equal((await clerk.get(`/invoices/${hidden.id}/coding/lines/${hidden.lineIds[0]}`)).status, 404);
    assert.equal((await clerk.get(`/invoices/${hidden.id}/coding/lines/${hidden.lineIds[0]}/split`)).status, 404);
    for (const path of [`coding/lines/${hidden.lineIds[0]}`, `coding/lines/${hidden.lineIds[0]}/split`, 'coding/header', 'coding/rule-application', 'matching']) {
      assert.equal((await clerk.post(`/invoices/${hidden.id}/${path}`, { glAccount: '4000' })).status, 404, path);
    }
    assert.equal((await codingsOf(t.db.sql, hidden.lineIds[0]!)).length, 0);
  });

  it('lets AP Managers edit coding rules and refuses clerks with 403; the rule codes on demand and shows its use', async () => {
    assert.equal((await clerk.get('/settings/coding-rules')).status, 403);
    assert.equal((await clerk.post('/settings/coding-rules', { kind: 'fixed', supplier: 'x', glAccountCode: '4000' })).status, 403);
    await manager.get('/settings/coding-rules/new');
    const invalid = await manager.post('/settings/coding-rules', { kind: 'fixed', supplier: 'Acme Supplies', glAccountCode: 'NOPE', active: 'on' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.text, /No company has an active GL account NOPE\./);
    const created = await manager.post('/settings/coding-rules', { kind: 'fixed', supplier: 'Acme Supplies', companyId: String(company), glAccountCode: '4000', active: 'on' });
    assert.equal(created.status, 303);
    const invoice = await makeInvoice(t.db.sql, { companyId: company, documentGroupId: group }, [{}]);
    await clerk.get(`/invoices/${invoice.id}`);
    assert.equal((await clerk.post(`/invoices/${invoice.id}/coding/rule-application`, {})).status, 303);
    const page = await clerk.get(`/invoices/${invoice.id}`);
    assert.match(page.text, /coded by rule <a href="\/settings\/coding-rules\/\d+">/);
    const list = await manager.get('/settings/coding-rules');
    assert.match(list.text, /<h2 id="touchless-title">Touchless rate<\/h2><p class="big">/);
    assert.match(list.text, /<td>Acme Supplies<\/td>.*<td>1<\/td>/s);
  });
});
