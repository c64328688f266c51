/*
 * Uploads land where the uploader works (issue 18): the company from the form or from the
 * file's buyer VAT id, the group assigned at once, the result naming group and company, and
 * an uploader outside that group told where it went and who can see it; a file naming no
 * known company asks for one.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { CII_SAME_INVOICE, corpusFile, FATTURAPA_TWO_BODIES, insertInvoiceRows } from './helpers';

const companyIs = (name: string) => ({ join: 'and', children: [{ field: 'company', op: 'equals', value: name }] });

describe('uploads land where the uploader works', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let anna: Browserless;
  let bruno: Browserless;
  let cir = 0;
  let other = 0;

  const upload = async (who: Browserless, name: string, bytes: Uint8Array, company = '') => {
    await who.get('/invoices');
    const form = new FormData();
    form.append('_csrf', who.csrf);
    form.append('company', company);
    form.append('files', new Blob([Buffer.from(bytes)], { type: 'application/xml' }), name);
    return who.request('POST', '/invoices/uploads', { body: form });
  };

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Anna', lastName: 'Italia' });
    const b = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Bruno', lastName: 'Other' });
    [{ id: cir }] = await t.db.sql`insert into pagero_companies (pagero_company_id, name, vat_number) values ('p-cir', 'CIR 2000 snc', 'IT 011 806 80397') returning id::int`;
    [{ id: other }] = await t.db.sql`insert into pagero_companies (pagero_company_id, name, vat_number) values ('p-other', 'Other Co', 'SE556000000001') returning id::int`;
    const [italy] = await t.db.sql`insert into document_groups (name, priority, conditions) values ('Italy', 1, ${t.db.sql.json(companyIs('CIR 2000 snc'))}) returning id`;
    const [rest] = await t.db.sql`insert into document_groups (name, priority, conditions) values ('Other', 2, ${t.db.sql.json(companyIs('Other Co'))}) returning id`;
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${italy!.id}, ${a.id}), (${rest!.id}, ${b.id})`;
    await insertInvoiceRows(t.db.sql, [{ number: 'OLD-1', companyId: other, groupId: Number(rest!.id) }]); // Bruno works for Other Co
    anna = new Browserless(t.app.url);
    await anna.signIn(a.email, a.password);
    bruno = new Browserless(t.app.url);
    await bruno.signIn(b.email, b.password);
  });

  it('takes the company from the buyer VAT id and puts the invoices in its group at once', async () => {
    const res = await upload(anna, 'fattura.xml', corpusFile(FATTURAPA_TWO_BODIES));
    assert.equal(res.status, 200);
    assert.match(res.text, /<a href="\/invoices\/\d+">invoice 3<\/a> \(CIR 2000 snc, document group Italy\)/);
    const [row] = await t.db.sql`select i.company_id::int from invoices i where i.invoice_number = '3'`;
    assert.equal(row!.companyId, cir);
    assert.match((await anna.get('/invoices')).text, />3<\/a>/, 'Anna finds it in her list');
  });

  it('tells an uploader outside the resulting group where it went and who can see it', async () => {
    const res = await upload(bruno, 'same-fattura.xml', corpusFile(FATTURAPA_TWO_BODIES), String(cir));
    assert.match(res.text, /invoice 3 \(CIR 2000 snc, document group Italy\)/, 'a company Bruno may not choose is ignored; the file decides');
    assert.match(res.text, /It went to the document group Italy, which you are not in; Anna Italia, AP admins, Financial Accounting, user admins can see it\./);
    assert.doesNotMatch(res.text, /in a document group you are not assigned to/);
    assert.doesNotMatch((await bruno.get('/invoices')).text, /CIR 2000 snc/, 'nor is it offered to him');
  });

  it('asks for the company when the file names none apdesk knows, and then routes the invoice', async () => {
    const res = await upload(bruno, 'cii.xml', corpusFile(CII_SAME_INVOICE));
    assert.match(res.text, /invoice 12115118 \(no company, Unassigned\)/);
    const id = Number(/action="\/invoices\/uploads\/(\d+)\/company"/.exec(res.text)?.[1]);
    assert.ok(id > 0, 'the result asks which company');
    assert.match(res.text, /Which company is invoice 12115118 for\?/);
    assert.equal((await anna.post(`/invoices/uploads/${id}/company`, { company: String(other) })).status, 303, 'answered by someone else: refused');
    assert.match((await anna.get('/invoices')).text, /The company was not set/);
    const set = await bruno.post(`/invoices/uploads/${id}/company`, { company: String(other) });
    assert.equal(set.status, 303);
    assert.match((await bruno.get('/invoices')).text, /Invoice 12115118: company Other Co, document group Other\./);
    const [row] = await t.db.sql`select g.name from invoice_groups ig join document_groups g on g.id = ig.group_id where ig.invoice_id = ${id}`;
    assert.equal(row!.name, 'Other');
  });
});
