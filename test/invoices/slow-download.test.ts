/*
 * A streamed download holds a database connection until its client has read the last row. Downloads have a pool of
 * their own (src/db/open.ts: a web process's app pool is 3 connections), so clients that stop reading a big CSV
 * never leave the pages without a connection. Here both pools have one connection.
 */
import assert from 'node:assert/strict';
import { get, type ClientRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createSql, type Sql } from '../../src/db/connection';
import { startTestApp, type TestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';

const INVOICES = 40_000; // a CSV of ~15 MB, more than the sockets' buffers hold

describe('a download its client stops reading', () => {
  let db: TestDatabase;
  let pages: Sql;
  let downloads: Sql;
  let app: TestApp;
  let request: ClientRequest | undefined;
  before(async () => {
    db = await createTestDatabase();
    pages = createSql(db.url, 1, 'test pages');
    downloads = createSql(db.url, 1, 'test downloads');
    app = await startTestApp(pages, {}, 0, downloads);
    const [doc] = await db.sql<{ id: number }[]>`
      insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
      values ('upload', 'Upload', 'many.xml', 'application/xml', 10, 'x', convert_to('<Invoice/>', 'UTF8'), 'imported', 'test') returning id::int`;
    await db.sql`
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, tax_inclusive_amount, payable_amount, seller_name, inv_scanned_by, status, received_at)
      select ${doc!.id}, n, 'ubl', 'invoice', 'SLOW-' || n, '2026-01-15', 'EUR', 1234.56, 1234.56, 'A supplier with a long enough name to fill the row', 'Upload', 'received', now() - n * interval '1 second'
      from generate_series(1, ${INVOICES}) n`;
  });
  after(async () => {
    request?.destroy();
    await app?.close();
    await Promise.all([pages?.end(), downloads?.end()]);
    await db?.close();
  });

  it('leaves the pages their connections', { timeout: 120_000 }, async () => {
    const admin = await makeUser(db.sql, { roles: ['ap_admin'] });
    const browser = new Browserless(app.url);
    await browser.signIn(admin.email, admin.password);
    const cookie = `apdesk_session=${browser.cookie('apdesk_session')}`;
    // The download starts and its client reads nothing more
    const status = await new Promise<number>((resolve, reject) => {
      request = get(`${app.url}/invoices/export.csv`, { headers: { cookie } }, (res) => resolve(res.statusCode!));
      request.on('error', reject);
    });
    assert.equal(status, 200);
    // the download's query: the one statement of the app's pools still running after half a second
    const holding = async () => (await db.sql`select 1 from pg_stat_activity where application_name like 'test %' and state = 'active' and query_start < now() - interval '0.5 s'`).length === 1;
    for (let i = 0; i < 50 && !(await holding()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000)); // the sockets' buffers fill and the cursor waits
    assert.ok(await holding(), 'the download holds its connection while its client does not read');

    const page = await fetch(`${app.url}/invoices`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /SLOW-1\b/);
    assert.ok(await holding(), 'the download is still open');
  });
});
