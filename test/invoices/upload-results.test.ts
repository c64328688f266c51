/*
 * The upload's result page (issue 18, Post/Redirect/Get): a plain form post stores the files and
 * answers 303 to /invoices/uploads/<batch>; reading that page again (a reload) uploads nothing;
 * only the uploader may read it, for 24 hours; the "Which company?" answer returns to it.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { purgeUploadBatches } from '../../src/invoices/upload-batches';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { CII_SAME_INVOICE, corpusFile, FATTURAPA_TWO_BODIES } from './helpers';

describe('upload results: Post/Redirect/Get, for the uploader alone, for 24 hours', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let clerk: Browserless;
  let colleague: Browserless;
  let company = 0;

  const post = async (who: Browserless, files: { name: string; bytes: Uint8Array }[], extra: Record<string, string> = {}) => {
    await who.get('/invoices');
    const form = new FormData();
    form.append('_csrf', who.csrf);
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    for (const f of files) form.append('files', new Blob([Buffer.from(f.bytes)], { type: 'application/xml' }), f.name);
    return who.request('POST', '/invoices/uploads', { body: form });
  };
  const count = async (table: 'documents' | 'invoices') => (await t.db.sql`select count(*)::int as n from ${t.db.sql(table)}`)[0]!.n as number;

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Carla', lastName: 'Conti' });
    const b = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Marco', lastName: 'Neri' });
    [{ id: company }] = await t.db.sql`insert into pagero_companies (pagero_company_id, name, vat_number) values ('r-acme', 'Acme Italia S.r.l.', 'IT09999999999') returning id::int`;
    clerk = new Browserless(t.app.url);
    await clerk.signIn(a.email, a.password);
    colleague = new Browserless(t.app.url);
    await colleague.signIn(b.email, b.password);
  });

  it('answers a plain upload with 303 to its result page; reading it again uploads nothing', async () => {
    const documentsBefore = await count('documents');
    const res = await post(clerk, [
      { name: 'fattura.xml', bytes: corpusFile(FATTURAPA_TWO_BODIES) },
      { name: 'broken.xml', bytes: new Uint8Array(Buffer.from('<Invoice')) },
    ]);
    assert.equal(res.status, 303);
    assert.match(res.location!, /^\/invoices\/uploads\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(await count('documents'), documentsBefore + 2);
    const invoices = await count('invoices');

    const page = await clerk.get(res.location!);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'private, no-store');
    assert.match(page.text, /<section class="card upload-results" aria-label="Upload results">/);
    assert.match(page.text, /2 invoices imported, 1 file rejected\./);
    assert.match(page.text, /fattura\.xml<\/strong><span> — imported 2 invoices \(CIR 2000 snc|fattura\.xml<\/strong><span> — imported 2 invoices \(no company, Unassigned\):/);
    assert.match(page.text, /broken\.xml<\/strong><span> — rejected: [^<]+ The file is kept under <a href="\/needs-attention">Needs attention<\/a>/);
    assert.match(page.text, /<details class="upload-toggle no-print" open=""/, 'the upload box stays open for the next batch');

    const again = await clerk.get(res.location!); // the reload
    assert.equal(again.status, 200);
    assert.equal(await count('documents'), documentsBefore + 2, 'no file stored twice');
    assert.equal(await count('invoices'), invoices);
    assert.match(again.text, /2 invoices imported, 1 file rejected\./);
  });

  it('shows a result to its uploader only', async () => {
    const res = await post(clerk, [{ name: 'private-name.xml', bytes: corpusFile(CII_SAME_INVOICE) }]);
    const other = await colleague.get(res.location!);
    assert.equal(other.status, 404, 'another user, even one who sees every invoice, is told there is nothing');
    assert.doesNotMatch(other.text, /private-name\.xml/);
    assert.match(other.text, /a result is shown only to whoever uploaded the files/);
    const anonymous = new Browserless(t.app.url);
    const out = await anonymous.get(res.location!);
    assert.equal(out.status, 302);
    assert.match(out.location!, /^\/login/);
    assert.equal((await clerk.get('/invoices/uploads/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await clerk.get('/invoices/uploads/not-a-batch')).status, 404);
  });

  it('expires after 24 hours, then is removed', async () => {
    const res = await post(clerk, [{ name: 'old.xml', bytes: corpusFile(CII_SAME_INVOICE) }]);
    const id = res.location!.split('/').pop()!;
    await t.db.sql`update upload_batches set created_at = now() - interval '23 hours 59 minutes' where id = ${id}`;
    assert.equal((await clerk.get(res.location!)).status, 200, 'still there just before 24 hours');
    await t.db.sql`update upload_batches set created_at = now() - interval '24 hours 1 minute' where id = ${id}`;
    const expired = await clerk.get(res.location!);
    assert.equal(expired.status, 410);
    assert.match(expired.text, /Upload results are kept for 24 hours, and this one is older\. The invoices you uploaded are in My Invoices/);
    assert.doesNotMatch(expired.text, /old\.xml/);
    assert.ok((await purgeUploadBatches(t.db.sql)) >= 1);
    assert.equal((await t.db.sql`select 1 from upload_batch_files where batch_id = ${id}`).length, 0, 'its files rows go with it');
    assert.equal((await clerk.get(res.location!)).status, 404);
  });

  it('returns the "Which company?" answer to the result page, which shows where the invoice went', async () => {
    const res = await post(clerk, [{ name: 'nameless.xml', bytes: corpusFile(CII_SAME_INVOICE) }]);
    const page = await clerk.get(res.location!);
    const id = Number(/action="\/invoices\/uploads\/(\d+)\/company"/.exec(page.text)?.[1]);
    assert.ok(id > 0, 'the result asks which company');
    const batch = res.location!.split('/').pop()!;
    assert.match(page.text, new RegExp(`<input type="hidden" name="batch" value="${batch}"/>`));

    // someone else's batch id is not followed: back to My Invoices
    const forged = await colleague.post(`/invoices/uploads/${id}/company`, { company: String(company), batch });
    assert.equal(forged.location, '/invoices');

    const set = await clerk.post(`/invoices/uploads/${id}/company`, { company: String(company), batch });
    assert.equal(set.status, 303);
    assert.equal(set.location, res.location);
    const after = await clerk.get(set.location!);
    assert.match(after.text, /<p class="flash" role="status">Invoice 12115118: company Acme Italia S\.r\.l\., Unassigned\.<\/p>/);
    assert.match(after.text, new RegExp(`nameless\\.xml</strong><span> — imported: <a href="/invoices/${id}">invoice 12115118</a> \\(Acme Italia S\\.r\\.l\\., Unassigned\\)`), 'the result is read live');
    assert.doesNotMatch(after.text, /Which company is invoice 12115118 for\?/);
  });

  it('records htmx uploads too, so their company question returns to a result', async () => {
    await clerk.get('/invoices');
    const form = new FormData();
    form.append('files', new Blob([Buffer.from(corpusFile(CII_SAME_INVOICE))], { type: 'application/xml' }), 'htmx.xml');
    const res = await clerk.request('POST', '/invoices/uploads', { body: form, headers: { 'hx-request': 'true', 'x-csrf-token': clerk.csrf } });
    assert.equal(res.status, 200, 'htmx answers in place');
    const batch = /name="batch" value="([0-9a-f-]{36})"/.exec(res.text)?.[1];
    assert.ok(batch);
    assert.match((await clerk.get(`/invoices/uploads/${batch}`)).text, /htmx\.xml<\/strong>/);
  });

  it('keeps a file name with control characters readable', async () => {
    const res = await post(clerk, [{ name: 'tab\there.xml', bytes: corpusFile(CII_SAME_INVOICE) }]);
    assert.equal(res.status, 303);
    const page = await clerk.get(res.location!);
    assert.match(page.text, /<strong>tab here\.xml<\/strong>/);
  });
});
