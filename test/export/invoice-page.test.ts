/*
 * Issue 16 gap: the invoice page names the export batches the invoice was in (batch, date, target,
 * status, a re-export's reason) and links them, for those who may open batches; a clerk who sees
 * the invoice but not the batches gets no such section.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { makeCompany } from '../coding/factory';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeGroup, UBL_EXAMPLE } from '../invoices/helpers';
import { approvedInvoice } from './helpers';

describe('the invoice page links its export batches', () => {
  const t = useTestApp();
  let accountant: Browserless;
  let clerk: Browserless;
  let invoiceId: number;

  before(async () => {
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const specialist = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    accountant = new Browserless(t.app.url);
    await accountant.signIn(fa.email, fa.password);
    clerk = new Browserless(t.app.url);
    await clerk.signIn(specialist.email, specialist.password);
    const company = await makeCompany(t.db.sql, 'Acme Italia');
    invoiceId = await approvedInvoice(t.db.sql, company, UBL_EXAMPLE);
    const group = await makeGroup(t.db.sql, 'Clerk group', [specialist.id]);
    await t.db.sql`update invoice_groups set group_id = ${group} where invoice_id = ${invoiceId}`;
  });

  it('shows no export section before the invoice was exported', async () => {
    const page = await accountant.get(`/invoices/${invoiceId}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Exported in/);
  });

  it('names each batch with its date, target and status, the re-export with its reason, and links them', async () => {
    await accountant.get('/invoices');
    assert.equal((await accountant.post('/export-batches', { ids: [String(invoiceId)], reason: '' })).status, 303);
    const again = await accountant.post('/export-batches', { ids: [String(invoiceId)], reason: 'The ERP lost the first file' });
    assert.equal(again.status, 303);
    const batches = await t.db.sql<{ id: number }[]>`select batch_id::int as id from export_batch_invoices where invoice_id = ${invoiceId} order by batch_id`;
    assert.equal(batches.length, 2);
    const [first, second] = batches.map((b) => b.id) as [number, number];
    await t.db.sql`update export_batches set status = 'delivered', delivered_at = now(), delivered_to = 'sftp://erp.example/in' where id = ${first}`;

    const page = await accountant.get(`/invoices/${invoiceId}`);
    assert.equal(page.status, 200);
    const section = /<section class="card invoice-batches"[\s\S]*?<\/section>/.exec(page.text)?.[0];
    assert.ok(section, 'an export section');
    const items = [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    assert.equal(items.length, 2);
    assert.match(items[0]!, new RegExp(`^Exported in <a href="/export-batches/${first}">batch ${first}</a> \\(.+, to sftp://erp\\.example/in, Delivered\\)$`));
    assert.match(items[1]!, new RegExp(`^Exported in <a href="/export-batches/${second}">batch ${second}</a> \\(.+, as a download, Ready to download\\)`));
    assert.match(items[1]!, /exported again: The ERP lost the first file/);
    assert.equal((await accountant.get(`/export-batches/${first}`)).status, 200, 'the link opens the batch');
  });

  it('a clerk who sees the invoice but may not open batches gets no export section', async () => {
    const page = await clerk.get(`/invoices/${invoiceId}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Exported in|\/export-batches\//);
    assert.equal((await clerk.get('/export-batches')).status, 403);
  });
});
