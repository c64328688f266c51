import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany, makeGroup } from './helpers';
import { COUNT_CAP } from '../../src/invoices/status-counts';

/** The companies the filter offers, by name. */
const offered = (html: string) => {
  const select = /<select[^>]*name="company"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? '';
  return [...select.matchAll(/<option value="\d+"[^>]*>([^<]+)<\/option>/g)].map((m) => m[1]!);
};
const counts = (html: string) => Object.fromEntries([...html.matchAll(/>([A-Za-z ]+)<span class="n">([\d,+]+)<\/span>/g)].map((m) => [m[1], m[2]]));
const sumsLine = (html: string) => /<p class="list-sums[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? null;

describe('My Invoices: the company choices and the sums', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' }); // no time budget: what is shown depends on the data alone
  let admin: Browserless;
  let clerk: Browserless;
  let north = 0;
  let south = 0;
  let groupOne = 0;

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const specialist = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    clerk = new Browserless(t.app.url);
    await clerk.signIn(specialist.email, specialist.password);
    north = await makeCompany(t.db.sql, 'North AB');
    south = await makeCompany(t.db.sql, 'South AB');
    await makeCompany(t.db.sql, 'Empty AB');
    groupOne = await makeGroup(t.db.sql, 'North clerks', [specialist.id]);
    const groupTwo = await makeGroup(t.db.sql, 'South clerks');
    await insertInvoiceRows(t.db.sql, [
      { number: 'N-1', companyId: north, groupId: groupOne, total: '100.00' },
      { number: 'N-2', companyId: north, groupId: groupOne, total: '20.50', status: 'in_review' },
      { number: 'S-1', companyId: south, groupId: groupTwo, total: '999.00' },
      { number: 'S-2', companyId: south, groupId: null, total: '1.00' },
    ]);
  });

  it('offers a clerk only the companies she has an invoice of, an admin every company', async () => {
    assert.deepEqual(offered((await clerk.get('/invoices')).text), ['North AB']);
    assert.deepEqual(offered((await admin.get('/invoices')).text), ['Empty AB', 'North AB', 'South AB']);
  });

  it('follows an invoice moved to another company or another group', async () => {
    const [n1] = await t.db.sql<{ id: number }[]>`select id::int from invoices where invoice_number = 'N-1'`;
    await t.db.sql`update invoices set company_id = ${south} where id = ${n1!.id}`;
    assert.deepEqual(offered((await clerk.get('/invoices')).text), ['North AB', 'South AB'], 'N-1 now belongs to South AB');
    await t.db.sql`update invoice_groups set group_id = null where invoice_id = ${n1!.id}`;
    assert.deepEqual(offered((await clerk.get('/invoices')).text), ['North AB'], 'N-1 left her group');
    await t.db.sql`update invoices set company_id = ${north} where id = ${n1!.id}`;
    await t.db.sql`update invoice_groups set group_id = ${groupOne} where invoice_id = ${n1!.id}`;
  });

  it('adds up a list whose status counts are exact, per currency', async () => {
    assert.match(sumsLine((await clerk.get('/invoices')).text) ?? '', /€120\.50/);
    assert.match(sumsLine((await clerk.get('/invoices?status=in_review')).text) ?? '', /€20\.50/);
    assert.match(sumsLine((await admin.get('/invoices')).text) ?? '', /€1,120\.50/);
  });

  it("counts a search's matches per status", async () => {
    assert.deepEqual(counts((await admin.get('/invoices?q=N-1')).text), { All: '1', Received: '1', 'In review': '0', Ready: '0', Approved: '0', 'On hold': '0', Rejected: '0', 'Export failed': '0' });
    assert.deepEqual(counts((await clerk.get('/invoices?q=S-1')).text), { All: '0', Received: '0', 'In review': '0', Ready: '0', Approved: '0', 'On hold': '0', Rejected: '0', 'Export failed': '0' }, 'not her invoice');
  });

  it(`does not add up a list with more than ${COUNT_CAP.toLocaleString('en')} invoices of a status, and says so`, async () => {
    const [doc] = await t.db.sql<{ id: number }[]>`
      insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
      values ('upload', 'Upload', 'many.xml', 'application/xml', 10, 'x', convert_to('<Invoice/>', 'UTF8'), 'imported', 'test') returning id::int`;
    await t.db.sql`
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, tax_inclusive_amount, payable_amount, company_id, inv_scanned_by, status, received_at)
      select ${doc!.id}, n, 'ubl', 'invoice', 'MANY-' || n, '2026-01-15', 'EUR', 1, 1, ${north}, 'Pagero', 'ready', now() from generate_series(1, ${COUNT_CAP + 1}) n`;
    await t.db.sql`insert into invoice_groups (invoice_id, group_id, status) select id, ${groupOne}, status from invoices where invoice_number like 'MANY-%'`;
    const all = (await clerk.get('/invoices')).text;
    assert.match(sumsLine(all) ?? '', /Too many invoices to add up quickly/);
    assert.match(sumsLine((await clerk.get('/invoices?status=ready')).text) ?? '', /Too many invoices to add up quickly/);
    assert.match(sumsLine((await clerk.get('/invoices?status=received')).text) ?? '', /€100\.00/, 'a status below the cap is still added up');
    assert.deepEqual(offered(all), ['North AB']);
    const searched = (await clerk.get('/invoices?q=MANY')).text;
    assert.equal(counts(searched).Ready, '1,000+', 'a search matching more than the cap falls back to the capped counts');
    assert.deepEqual(
      counts((await admin.get('/invoices?q=MANY')).text),
      { All: '1,000+', Received: '0', 'In review': '0', Ready: '1,000+', Approved: '0', 'On hold': '0', Rejected: '0', 'Export failed': '0' },
      'each status counted on its own, in the tabs’ order',
    );
    assert.match(sumsLine(searched) ?? '', /Too many invoices to add up quickly/);
  });
});
