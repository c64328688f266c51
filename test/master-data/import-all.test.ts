/*
 * Issue 18 item 7: one master data file with a company column for all companies, over real
 * HTTP against the app and a real database; the single-company import keeps working and
 * refuses rows of another company.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

describe('master data import for all companies', () => {
  const t = useTestApp();
  let admin: Browserless;
  const co: Record<'italia' | 'sverige' | 'deutschland', number> = { italia: 0, sverige: 0, deutschland: 0 };
  const glOf = async (company: number) =>
    (await t.db.sql<{ code: string; name: string; active: boolean }[]>`select code, name, active from gl_accounts where company_id = ${company} order by code`).map((r) => [r.code, r.name, r.active]);

  before(async () => {
    const add = async (pageroId: string, name: string, vat: string) =>
      (await t.db.sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name, vat_number, source) values (${pageroId}, ${name}, ${vat}, 'manual') returning id::int`)[0]!.id;
    co.italia = await add('PG-IT-1', 'Acme Italia S.r.l.', 'IT01234567890');
    co.sverige = await add('PG-SE-1', 'Acme Sverige AB', 'SE556677889901');
    co.deutschland = await add('PG-DE-1', 'Acme Deutschland GmbH', 'DE811111111');
    await t.db.sql`insert into gl_accounts (company_id, code, name) values (${co.sverige}, '4000', 'Old name')`;
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
  });

  it('reports a row of an unknown company by its line, and imports nothing until the file is right', async () => {
    const page = await admin.get('/settings/master-data');
    assert.match(page.text, /<a class="button" href="\/settings\/master-data\/import">Import for all companies<\/a>/);
    const form = await admin.get('/settings/master-data/import');
    assert.equal(form.status, 200);
    assert.match(form.text, /<td>Acme Sverige AB<\/td><td>SE556677889901<\/td><td><code>PG-SE-1<\/code><\/td>/);
    const csv = 'company;code;name;active\nAcme Italia S.r.l.;4000;Office;yes\nAcme Francia SAS;4000;Office;\nPG-SE-1;4000;Office supplies;\n';
    const bad = await admin.post('/settings/master-data/import', { kind: 'gl-accounts', csv });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /1 row need fixing; nothing is imported until they are right/);
    assert.match(bad.text, /<tr><td>3<\/td><td>Acme Francia SAS<\/td><td>4000<\/td><td>Office<\/td><td>yes<\/td><td><span class="error" role="alert">There is no company “Acme Francia SAS” in apdesk/);
    assert.doesNotMatch(bad.text, /Import these rows/);
    assert.equal((await admin.post('/settings/master-data/import/confirmation', { kind: 'gl-accounts', csv })).status, 422);
    assert.deepEqual(await glOf(co.italia), [], 'nothing half-imported');
    const noKind = await admin.post('/settings/master-data/import', { kind: 'suppliers', csv });
    assert.equal(noKind.status, 422);
    assert.match(noKind.text, /<p id="import-kind-error" class="error" role="alert">Choose what the file holds\.<\/p>/);
  });

  it('imports one file into several companies, found by name, VAT number or Pagero id', async () => {
    const csv = [
      'Company,Code,Name,Active',
      'acme italia s.r.l.,4000,Office,yes',
      'IT 0123 4567 890,4100,Travel,no',
      'PG-SE-1,4000,Office supplies,',
      'Acme Deutschland GmbH,4000,Büro,',
      'Acme Deutschland GmbH,4000,Twice,',
    ].join('\n');
    const dup = await admin.post('/settings/master-data/import', { kind: 'gl-accounts', csv });
    assert.match(dup.text, /Code 4000 is already on line 5 for this company\./, 'the same code twice for one company is an error; for two companies it is not');
    const good = csv.split('\n').slice(0, 5).join('\n');
    // uploaded as a file, as an admin would (multipart, like the form without JavaScript)
    const upload = new FormData();
    upload.append('_csrf', admin.csrf);
    upload.append('kind', 'gl-accounts');
    upload.append('file', new Blob([`\uFEFF${good}`], { type: 'text/csv' }), 'gl-all-companies.csv');
    const preview = await admin.request('POST', '/settings/master-data/import', { body: upload });
    assert.equal(preview.status, 200);
    assert.match(preview.text, /4 GL accounts ready to import/);
    assert.match(preview.text, /<td>4<\/td><td>Acme Sverige AB<\/td><td>4000<\/td><td>Office supplies<\/td><td>yes<\/td><td>Update<\/td>/);
    const done = await admin.post('/settings/master-data/import/confirmation', { kind: 'gl-accounts', csv: good });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/settings/master-data');
    assert.match((await admin.get('/settings/master-data')).text, /4 GL accounts imported into 3 companies \(Acme Italia S\.r\.l\. 2, Acme Sverige AB 1, Acme Deutschland GmbH 1\)\./);
    assert.deepEqual(await glOf(co.italia), [['4000', 'Office', true], ['4100', 'Travel', false]]);
    assert.deepEqual(await glOf(co.sverige), [['4000', 'Office supplies', true]]);
    assert.deepEqual(await glOf(co.deutschland), [['4000', 'Büro', true]]);
  });

  it('keeps the single-company import, and refuses there the rows of another company', async () => {
    const base = `/settings/master-data/${co.italia}/cost-centres`;
    await admin.get(`${base}/import`);
    const plain = await admin.post(`${base}/import/confirmation`, { csv: 'code,name\nCC1,Sales\n' });
    assert.equal(plain.status, 303);
    const mixed = await admin.post(`${base}/import`, { csv: 'company,code,name\nAcme Italia S.r.l.,CC2,Marketing\nAcme Sverige AB,CC3,Sales SE\n' });
    assert.equal(mixed.status, 422);
    assert.match(mixed.text, /This row is for Acme Sverige AB, not Acme Italia S\.r\.l\.: import a file for several companies under Settings &gt; Master data &gt; Import for all companies\./);
    assert.equal((await t.db.sql`select 1 from cost_centres where company_id = ${co.italia}`).length, 1);
  });

  it('is for AP Admins only, with the CSRF token', async () => {
    const m = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    const manager = new Browserless(t.app.url);
    await manager.signIn(m.email, m.password);
    assert.equal((await manager.get('/settings/master-data/import')).status, 403);
    assert.equal((await manager.post('/settings/master-data/import/confirmation', { kind: 'gl-accounts', csv: 'company,code,name\nPG-SE-1,9,X\n' })).status, 403);
    assert.equal((await admin.post('/settings/master-data/import/confirmation', { kind: 'gl-accounts', csv: 'company,code,name\nPG-SE-1,9,X\n' }, { csrf: null })).status, 403);
    assert.equal((await t.db.sql`select 1 from gl_accounts where code = '9'`).length, 0);
  });
});
