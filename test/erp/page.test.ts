/* The invoice page shows what the ERP said: its document id, or its message under "From your ERP" with Export again. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { recordExportResult } from '../../src/erp/results';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany } from '../invoices/helpers';

describe('the ERP on the invoice page', () => {
  const t = useTestApp();
  let admin: Browserless;
  let clerk: Browserless;

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    const c = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    clerk = new Browserless(t.app.url);
    await clerk.signIn(c.email, c.password);
  });

  it('shows the ERP message under "From your ERP", escaped, and Export again puts the invoice back to Approved without a second AP response', async () => {
    const company = await makeCompany(t.db.sql, 'Epsilon');
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved', companyId: company, invScannedBy: 'Pagero' }]);
    await t.db.sql`update invoices set seller_endpoint_id = '0088:5790000435951', buyer_endpoint_id = '0088:7300010000001' where id = ${id!}`;
    await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'failed', message: 'Cost centre <4711> is closed & blocked', actor: { label: 'API token “SAP”' } });
    const page = await clerk.get(`/invoices/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<section class="card erp-banner" role="alert" aria-label="From your ERP"><h2>From your ERP<\/h2><p class="erp-message">Cost centre &lt;4711&gt; is closed &amp; blocked<\/p>/);
    assert.match(page.text, /Export failed/);
    assert.match(page.text, /API token “SAP”<\/strong> Approved → Export failed/);
    assert.equal((page.text.match(/>Export again<\/button>/g) ?? []).length, 1, 'one Export again button, in the banner');

    const again = await clerk.post(`/invoices/${id}/status-changes`, { action: 'export_again' });
    assert.equal(again.status, 303);
    const [row] = await t.db.sql<{ status: string }[]>`select status from invoices where id = ${id!}`;
    assert.equal(row!.status, 'approved');
    const responses = await t.db.sql`select 1 from invoice_responses where invoice_id = ${id!}`;
    assert.equal(responses.length, 0, 'no new "accepted" to the supplier');
    assert.doesNotMatch((await clerk.get(`/invoices/${id}`)).text, /From your ERP/);
  });

  it('shows the ERP document id once exported, and offers Export again only to who may export', async () => {
    const [done, failed] = await insertInvoiceRows(t.db.sql, [{ status: 'approved' }, { status: 'approved' }]);
    await recordExportResult(t.db.sql, { invoiceId: done!, outcome: 'exported', erpDocumentId: '5100009876', actor: { label: 'Export batch 4' } });
    assert.match((await admin.get(`/invoices/${done}`)).text, /ERP document id <strong class="erp-document-id">5100009876<\/strong>/);
    await recordExportResult(t.db.sql, { invoiceId: failed!, outcome: 'failed', message: 'Blocked', actor: { label: 'x' } });
    const specialistUser = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const specialist = new Browserless(t.app.url);
    await specialist.signIn(specialistUser.email, specialistUser.password);
    await t.db.sql`insert into document_groups (name, priority, conditions) values ('All', 1, '{"join":"and","children":[]}')`;
    await t.db.sql`insert into document_group_members (group_id, user_id) select id, ${specialistUser.id} from document_groups where name = 'All'`;
    await t.db.sql`update invoice_groups set group_id = (select id from document_groups where name = 'All') where invoice_id = ${failed!}`;
    const page = await specialist.get(`/invoices/${failed}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /From your ERP/);
    assert.doesNotMatch(page.text, />Export again<\/button>/);
    assert.equal((await specialist.post(`/invoices/${failed}/status-changes`, { action: 'export_again' })).status, 403);
  });
});
