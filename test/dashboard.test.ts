import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from './helpers/app';
import { Browserless } from './helpers/client';
import { makeUser } from './helpers/factories';

describe('the dashboard', () => {
  const t = useTestApp();
  before(async () => {
    const [doc] = await t.db.sql`
      insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, reader_version)
      values ('upload', 'Upload', 1, 'x', '\\x00', 'imported', 'test') returning id::int`;
    for (let i = 0; i < 3; i++) {
      await t.db.sql`
        insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, inv_scanned_by, received_at, status)
        values (${doc!.id}, ${i}, 'ubl', 'invoice', ${`D-${i}`}, current_date, 'Upload', now() - ${i} * interval '1 day', ${i === 0 ? 'received' : 'approved'})`;
    }
    await t.db.sql`insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, quarantine_reason, reader_version)
      values ('upload', 'Upload', 1, 'y', '\\x00', 'quarantined', 'broken', 'test')`;
    await t.db.sql`insert into pagero_companies (pagero_company_id, name) values ('dash-1', 'Lonely Company AB')`;
  });

  it('is the page after login, with the chart, counts by status and group, coverage and attention for admins', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Ada' });
    const browser = new Browserless(t.app.url);
    const res = await browser.signIn(admin.email, admin.password);
    assert.equal(res.location, '/');
    const page = await browser.get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /Welcome, Ada/);
    assert.match(page.text, /<title id="received-chart-title">Invoices received per day over the last 30 days: 3 in all<\/title>/);
    assert.equal((page.text.match(/<rect /g) ?? []).length, 30);
    assert.match(page.text, /href="\/invoices\?status=approved">Approved<\/a><span>2<\/span>/);
    assert.match(page.text, /href="\/invoices\?group=unassigned">Unassigned<\/a><span>3<\/span>/);
    assert.match(page.text, /Lonely Company AB/);
    assert.match(page.text, /href="\/needs-attention">1<\/a>/);
  });

  it('shows a clerk only what they may see', async () => {
    const clerk = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const browser = new Browserless(t.app.url);
    await browser.signIn(clerk.email, clerk.password);
    const page = await browser.get('/');
    assert.match(page.text, /0 invoices received in the last 30 days/);
    assert.doesNotMatch(page.text, /Lonely Company AB/);
    assert.doesNotMatch(page.text, /needs-attention/);
  });
});
