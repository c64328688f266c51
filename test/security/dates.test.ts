/* Issue 13 item 10: impossible dates are refused with a sentence, never stored as another day. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApiToken } from '../../src/purchase-orders/api-tokens';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeCompany } from '../invoices/helpers';

describe('impossible dates (issue 13 item 10)', () => {
  const t = useTestApp();

  it('the purchase-order API refuses orderDate 2024-02-31 (422), and stores nothing', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const { token } = await createApiToken(t.db.sql, 'ERP', admin.id);
    await makeCompany(t.db.sql, 'Dates Api');
    const post = (orderDate: string) =>
      fetch(`${t.app.url}/api/v1/purchase-orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          company: 'test-Dates Api', poNumber: `PO-${orderDate}`, supplier: { vatId: 'IT01234567890', name: 'Acme' }, currency: 'EUR', orderDate,
          lines: [{ lineNumber: '1', itemId: 'A-1', description: 'Paper', quantity: '10', unitPrice: '2.50', taxRate: '22' }],
        }),
      });
    const res = await post('2024-02-31');
    assert.equal(res.status, 422);
    assert.match(JSON.stringify(await res.json()), /There is no such date/);
    assert.equal((await t.db.sql`select count(*)::int as n from purchase_orders where po_number = 'PO-2024-02-31'`)[0]!.n, 0);
    assert.equal((await post('2024-02-29')).status, 201, 'a leap day is a real date');
  });

  it('the PO CSV import refuses order_date 2024-02-30 with a sentence, and imports nothing', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const company = await makeCompany(t.db.sql, 'Dates Csv');
    const browser = new Browserless(t.app.url);
    await browser.signIn(admin.email, admin.password);
    await browser.get('/purchase-orders/import');
    const csv = 'po_number,supplier_vat_id,supplier_name,currency,order_date,line_number,item_id,description,quantity,unit_price,tax_rate\nPO-CSV-1,IT01234567890,Acme,EUR,2024-02-30,1,A-1,Paper,10,2.50,22\n';
    const res = await browser.post('/purchase-orders/import/confirmation', { company: String(company), type: 'orders', csv });
    assert.equal(res.status, 422);
    assert.match(res.text, /There is no such date/);
    assert.equal((await t.db.sql`select count(*)::int as n from purchase_orders where po_number = 'PO-CSV-1'`)[0]!.n, 0);
  });
});
