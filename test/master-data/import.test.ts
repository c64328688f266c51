import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { previewCodesImport } from '../../src/master-data/import';
import { previewGoodsReceipts, previewPurchaseOrders } from '../../src/purchase-orders/csv-import';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeCompany } from '../coding/factory';

describe('CSV imports', () => {
  it('reports an error per bad master data row and marks new and changed codes', () => {
    const csv = 'Code;Name;Active\n4000;Office;yes\n;No code;\n4100;;\n4000;Again;\n4200;"Travel; meals";maybe\n4300;"Quoted ""name""";no\n';
    const preview = previewCodesImport(csv, [{ id: 1, code: '4300', name: 'Old', active: true }]);
    assert.ok(!('error' in preview));
    assert.deepEqual(preview.rows.map((r) => [r.line, r.error ?? r.change]), [
      [2, 'new'], [3, 'The code is empty.'], [4, 'The name is empty.'], [5, 'Code 4000 is already on line 2.'], [6, '"maybe" is not yes or no.'], [7, 'update'],
    ]);
    assert.equal(preview.rows[5]!.name, 'Quoted "name"');
    assert.deepEqual(previewCodesImport('name\nx', []), { error: 'The header line (the first line) needs the column “code”; it has “name”.' });
    assert.deepEqual(previewCodesImport('code,nome\nx,y', []), { error: 'The header line (the first line) needs the column “name”; it has “code”, “nome”.' });
  });

  it('reads quoted line breaks, CRLF, a BOM and blank lines, keeping the line each row starts on', () => {
    const csv = '\uFEFFcode,name\r\n4000,"Office\r\nsupplies"\r\n\r\n4100,Travel\r\n';
    const preview = previewCodesImport(csv, []);
    assert.ok(!('error' in preview));
    assert.deepEqual(preview.rows.map((r) => [r.line, r.name]), [[2, 'Office\nsupplies'], [5, 'Travel']]);
    assert.deepEqual(previewCodesImport('code,name\n4000,"Office\n4100,x\n', []), { error: 'A quoted field is never closed: the file ends inside quotes (line 3).' });
  });

  it('checks purchase order rows one by one and keeps PO headers consistent', () => {
    const csv = [
      'po_number,supplier_name,currency,line_number,item_id,description,quantity,unit_price',
      'PO-1,Acme,EUR,1,A,Paper,10,2.50',
      'PO-1,Acme,USD,2,B,Toner,1,80',
      'PO-1,Acme,EUR,3,C,Pens,ten,1',
      'PO-1,Acme,EUR,1,D,Dup,1,1',
      'PO-2,Beta,EUR,1,,Chairs,4,99.90',
    ].join('\n');
    const preview = previewPurchaseOrders(csv);
    assert.ok(!('error' in preview));
    assert.deepEqual(preview.rows.map((r) => r.error ?? 'ok'), [
      'ok', 'currency differs from the first row of PO-1.', 'quantity: The quantity is not a decimal number.', 'lines: Two lines have the same lineNumber.', 'ok',
    ]);
    assert.deepEqual(preview.items.map((p) => [p.poNumber, p.lines.length]), [['PO-1', 1], ['PO-2', 1]]);
    const receipts = previewGoodsReceipts('receipt_number,po_number,line_number,quantity\nGR-1,PO-1,1,5\nGR-1,PO-9,2,1\n');
    assert.ok(!('error' in receipts));
    assert.equal(receipts.errorCount, 1);
  });

  describe('over HTTP', () => {
    const t = useTestApp();
    let admin: Browserless;
    let company: number;
    before(async () => {
      company = await makeCompany(t.db.sql);
      const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
      admin = new Browserless(t.app.url);
      await admin.signIn(a.email, a.password);
    });

    it('previews, refuses to import a file with errors, then imports a clean one on confirmation', async () => {
      const base = `/settings/master-data/${company}/gl-accounts`;
      await admin.get(`${base}/import`);
      const bad = await admin.post(`${base}/import`, { csv: 'code,name\n4000,Office\n,Missing\n' });
      assert.equal(bad.status, 422);
      assert.match(bad.text, /The code is empty\./);
      assert.doesNotMatch(bad.text, /Import these rows/);
      assert.equal((await admin.post(`${base}/import/confirmation`, { csv: 'code,name\n,Missing\n' })).status, 422);
      const good = await admin.post(`${base}/import`, { csv: 'code,name\n4000,Office\n4100,Travel\n' });
      assert.equal(good.status, 200);
      assert.match(good.text, /Import these rows/);
      const done = await admin.post(`${base}/import/confirmation`, { csv: 'code,name\n4000,Office\n4100,Travel\n' });
      assert.equal(done.status, 303, done.text.slice(-1500));
      assert.equal((await t.db.sql`select 1 from gl_accounts where company_id = ${company}`).length, 2);
    });

    it('deactivates a code so it is no longer offered, and clerks cannot reach master data', async () => {
      const [code] = await t.db.sql<{ id: number }[]>`select id::int from gl_accounts where company_id = ${company} and code = '4100'`;
      await admin.get(`/settings/master-data/${company}/gl-accounts`);
      assert.equal((await admin.post(`/settings/master-data/${company}/gl-accounts/${code!.id}/deactivation`, {})).status, 303);
      assert.match((await admin.get(`/settings/master-data/${company}/gl-accounts`)).text, /<td>4100<\/td><td>Travel<\/td><td>Deactivated<\/td>/);
      const clerk = new Browserless(t.app.url);
      const c = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
      await clerk.signIn(c.email, c.password);
      assert.equal((await clerk.get(`/settings/master-data/${company}`)).status, 403);
    });
  });
});
