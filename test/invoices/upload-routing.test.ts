/*
 * Uploads land where the uploader works (issue 18 item 5): the company the file's buyer VAT id
 * names, else the one chosen on the form (offered up front: the companies whose invoices the
 * uploader works on or whose uploads reach their groups, preselected when only one); a file
 * naming another company keeps it and the result says so; the group is assigned in the upload
 * request itself; the result links each invoice and lists its reader warnings, and an uploader
 * outside the resulting group is told which group it went to, who can see it and which user
 * admin can change that. A file naming no company with none chosen asks afterwards.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { rereadDocument } from '../../src/invoices/store';
import { CII_SAME_INVOICE, corpusFile, FATTURAPA_TWO_BODIES, followResult, insertInvoiceRows, MAX_BYTES, UBL_EXAMPLE } from './helpers';

const companyIs = (name: string) => ({ join: 'and', children: [{ field: 'company', op: 'equals', value: name }] });
/** A UBL invoice whose buyer VAT id (NO987654321MVA) is no company of this test. */
const UNKNOWN_BUYER = 'cii/ConnectingEurope-eInvoicing-EN16931__CII_business_example_01.xml';

describe('uploads land where the uploader works', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let anna: Browserless;
  let bruno: Browserless;
  let dora: Browserless;
  let cir = 0;
  let other = 0;
  let svea = 0;

  const upload = async (who: Browserless, name: string, bytes: Uint8Array, company = '', htmx = false) => {
    await who.get('/invoices');
    const form = new FormData();
    if (!htmx) form.append('_csrf', who.csrf);
    form.append('company', company);
    form.append('files', new Blob([Buffer.from(bytes)], { type: 'application/xml' }), name);
    const res = await who.request('POST', '/invoices/uploads', { body: form, headers: htmx ? { 'hx-request': 'true', 'x-csrf-token': who.csrf } : {} });
    return htmx ? res : followResult(who, res);
  };
  const groupOf = async (invoiceNumber: string, companyId: number) => {
    const rows = await t.db.sql`
      select g.name from invoices i join invoice_groups ig on ig.invoice_id = i.id left join document_groups g on g.id = ig.group_id
      where i.invoice_number = ${invoiceNumber} and i.company_id = ${companyId}`;
    return rows.map((r) => r.name as string | null);
  };

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Anna', lastName: 'Italia' });
    const b = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Bruno', lastName: 'Other' });
    const d = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Dora', lastName: 'Svensson' });
    await makeUser(t.db.sql, { roles: [], isUserAdmin: true, firstName: 'Ursula', lastName: 'Admin' });
    [{ id: cir }] = await t.db.sql`insert into pagero_companies (pagero_company_id, name, vat_number) values ('p-cir', 'CIR 2000 snc', 'IT 011 806 80397') returning id::int`;
    [{ id: other }] = await t.db.sql`insert into pagero_companies (pagero_company_id, name, vat_number) values ('p-other', 'Other Co', 'SE556000000001') returning id::int`;
    [{ id: svea }] = await t.db.sql`insert into pagero_companies (pagero_company_id, name, vat_number) values ('p-svea', 'Svea AB', 'SE556999999901') returning id::int`;
    const [italy] = await t.db.sql`insert into document_groups (name, priority, conditions) values ('Italy', 1, ${t.db.sql.json(companyIs('CIR 2000 snc'))}) returning id`;
    const [rest] = await t.db.sql`insert into document_groups (name, priority, conditions) values ('Other', 2, ${t.db.sql.json(companyIs('Other Co'))}) returning id`;
    const [sweden] = await t.db.sql`insert into document_groups (name, priority, conditions) values ('Sweden', 3, ${t.db.sql.json(companyIs('Svea AB'))}) returning id`;
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${italy!.id}, ${a.id}), (${rest!.id}, ${b.id}), (${sweden!.id}, ${d.id})`;
    await insertInvoiceRows(t.db.sql, [{ number: 'OLD-1', companyId: other, groupId: Number(rest!.id) }]); // Bruno works for Other Co
    // Dora is new to Sweden: no invoice of Svea AB yet
    anna = new Browserless(t.app.url);
    await anna.signIn(a.email, a.password);
    bruno = new Browserless(t.app.url);
    await bruno.signIn(b.email, b.password);
    dora = new Browserless(t.app.url);
    await dora.signIn(d.email, d.password);
  });

  it('asks for the company up front: the uploader\'s companies only, preselected when there is one', async () => {
    const form = (await dora.get('/invoices')).text;
    const select = /<select id="upload-company" name="company"[^>]*>([\s\S]*?)<\/select>/.exec(form)?.[1] ?? '';
    assert.equal(select, `<option value="${svea}" selected="">Svea AB</option>`, 'a clerk new to Sweden is offered its company before its first invoice');
    assert.match(form, /<label for="upload-company">Company, when the file names none<\/label>/);
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const ap = new Browserless(t.app.url);
    await ap.signIn(admin.email, admin.password);
    const all = /<select id="upload-company" name="company"[^>]*>([\s\S]*?)<\/select>/.exec((await ap.get('/invoices')).text)?.[1] ?? '';
    assert.match(all, /^<option value="" selected="">None: ask me after the upload<\/option><option value="\d+">CIR 2000 snc<\/option><option value="\d+">Other Co<\/option><option value="\d+">Svea AB<\/option>$/);
  });

  it('files an upload naming no company under the chosen one, in its group at once, visible and linked, with the reader\'s warnings', async () => {
    const res = await upload(dora, 'odin.xml', corpusFile(UBL_EXAMPLE), String(svea));
    assert.equal(res.status, 200);
    const [row] = await t.db.sql`select i.id::int, i.company_id::int from invoices i join documents d on d.id = i.document_id where d.filename = 'odin.xml'`;
    assert.equal(row!.companyId, svea);
    assert.deepEqual(await groupOf('12115118', svea), ['Sweden'], 'assigned in the upload request, no job needed');
    assert.match(res.text, new RegExp(`odin.xml</strong><span> — imported: <a href="/invoices/${row!.id}">invoice 12115118</a> \\(Svea AB, document group Sweden\\)<span class="upload-warnings-title">Reader warnings \\(1\\):</span><ul class="upload-warnings" aria-label="Reader warnings for 12115118"><li>Line 20 has a net amount of -109.98, but quantity 6 at price 18.33 gives 109.98.</li>`));
    assert.doesNotMatch(res.text, /odin.xml[^]*?upload-note/, 'no note: the file named no company, and Dora sees the invoice');
    const page = await dora.get(`/invoices/${row!.id}`);
    assert.equal(page.status, 200, 'the link works');
    assert.match(page.text, /12115118/);
    assert.match((await dora.get('/invoices')).text, new RegExp(`<a href="/invoices/${row!.id}[^"]*"[^>]*>12115118</a>`), 'and it is in her list');
  });

  it('keeps the company the file names, routes it at once, and tells an uploader outside its group where it went and who sees it', async () => {
    const res = await upload(anna, 'fattura.xml', corpusFile(FATTURAPA_TWO_BODIES));
    assert.equal(res.status, 200);
    // one file, two invoices, one company and group: said once for the file
    assert.match(res.text, /fattura\.xml<\/strong><span> — imported 2 invoices \(CIR 2000 snc, document group Italy\):<\/span><ul class="upload-invoices"><li><a href="\/invoices\/\d+">invoice 3<\/a><span class="upload-warnings-title">[^]*?<\/li><li><a href="\/invoices\/\d+">invoice 4<\/a>(?! \()/);
    assert.deepEqual(await groupOf('3', cir), ['Italy']);
    assert.match(res.text, /<ul class="upload-warnings" aria-label="Reader warnings for 3"><li>The VAT summary for rate 22.00% states a taxable amount of 143.28, but its lines add up to 298.78.<\/li>/);

    // Bruno chooses his own company, but the file's buyer is CIR 2000 snc: the file wins, and the result says so
    const conflict = await upload(bruno, 'same-fattura.xml', corpusFile(FATTURAPA_TWO_BODIES), String(other), true);
    assert.equal(conflict.status, 200);
    assert.doesNotMatch(conflict.text, /<html/);
    // the company, the note on the chosen company and where they went: once for the file, not per invoice
    assert.match(conflict.text, /same-fattura\.xml<\/strong><span> — imported 2 invoices \(CIR 2000 snc, document group Italy\):<\/span><p class="upload-file-notes"><span class="upload-note">The file names CIR 2000 snc \(VAT IT01180680397\) as buyer, which is CIR 2000 snc: it stays with CIR 2000 snc, not Other Co as chosen\.<\/span><span class="upload-note"> They went to document group Italy, which you are not in\. Visible to: Anna Italia, and everyone who sees all invoices \(AP Admins, Financial Accounting and user admins\)\. Ask a user admin \(Ursula Admin\) to add you to Italy\.<\/span><\/p><ul class="upload-invoices"><li>invoice 3 \(possible duplicate of an invoice you cannot see\)/);
    assert.equal(conflict.text.match(/The file names CIR 2000 snc/g)?.length, 1);
    assert.equal(conflict.text.match(/went to document group Italy/gi)?.length, 1);
    assert.equal(conflict.text.match(/CIR 2000 snc, document group Italy/g)?.length, 1);
    assert.doesNotMatch(conflict.text, /<a href="\/invoices\/\d+">invoice 3<\/a>/, 'no link he could not follow');
    assert.deepEqual(await groupOf('3', other), [], 'nothing filed under Other Co');

    // a re-read of the file (after a reader fix) decides the same way: the file's buyer, not the chosen company
    const [doc] = await t.db.sql`select id::int, company_id::int from documents where filename = 'same-fattura.xml'`;
    assert.equal(doc!.companyId, other, 'the chosen company is kept on the document');
    const reread = await rereadDocument(t.db.sql, doc!.id, { maxBytes: MAX_BYTES });
    const companies = await t.db.sql`select company_id::int from invoices where id = any(${reread!.invoiceIds}::bigint[])`;
    assert.deepEqual(companies.map((r) => r.companyId), [cir, cir]);
  });

  it('ignores a company the uploader may not choose', async () => {
    const res = await upload(bruno, 'forged.xml', corpusFile(UBL_EXAMPLE), String(cir));
    assert.match(res.text, /invoice 12115118 \(no company, Unassigned\)/, 'not filed under CIR 2000 snc');
    assert.match(res.text, /It matched no document group \(Unassigned\), which you do not see\. Visible to: everyone who sees all invoices/);
    assert.doesNotMatch((await bruno.get('/invoices')).text, /CIR 2000 snc/, 'nor is it offered to him');
  });

  it('says when the file\'s buyer is no company apdesk knows and the chosen one was used', async () => {
    const res = await upload(bruno, 'unknown-buyer.xml', corpusFile(UNKNOWN_BUYER), String(other));
    assert.match(res.text, /\(Other Co, document group Other\)<span class="upload-note"> The file&#39;s buyer, The Buyercompany \(VAT NO987654321MVA\), is not a company apdesk knows; it was filed under Other Co as chosen\./);
  });

  it('asks afterwards when the file names no company and none was chosen, and then routes the invoice', async () => {
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
    const [row] = await t.db.sql`select g.name, d.company_id::int from invoices i join documents d on d.id = i.document_id
      join invoice_groups ig on ig.invoice_id = i.id join document_groups g on g.id = ig.group_id where i.id = ${id}`;
    assert.equal(row!.name, 'Other');
    assert.equal(row!.companyId, other, 'a re-read of the file fills in the same company');
  });

  it('says per invoice what differs between the invoices of one file, and once what they share', async () => {
    // invoice 4 of the Italian file now goes to a group of its own (placed first), invoice 3 still to Italy
    await t.db.sql`insert into document_groups (name, priority, conditions) values ('Italy 4', 0, ${t.db.sql.json({ join: 'and', children: [{ field: 'invoiceNumber', op: 'equals', value: '4' }] })})`;
    const res = await upload(bruno, 'split-fattura.xml', corpusFile(FATTURAPA_TWO_BODIES), String(other));
    assert.match(res.text, /split-fattura\.xml<\/strong><span> — imported 2 invoices:<\/span><p class="upload-file-notes"><span class="upload-note">The file names CIR 2000 snc [^<]*not Other Co as chosen\.<\/span><\/p><ul class="upload-invoices">/);
    assert.match(res.text, /<li>invoice 3 \(CIR 2000 snc, document group Italy\)[^]*?<span class="upload-note"> Went to document group Italy, which you are not in\./);
    assert.match(res.text, /<li>invoice 4 \(CIR 2000 snc, document group Italy 4\)[^]*?<span class="upload-note"> Went to document group Italy 4, which you are not in\. Visible to: no member of the group yet/);
    assert.equal(res.text.match(/The file names CIR 2000 snc/g)?.length, 1, 'the shared note once');
  });
});
