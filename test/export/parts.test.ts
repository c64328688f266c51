import fc from 'fast-check';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { add, compare } from '../../src/einvoice/decimal';
import { partRows, type InvoiceHeader, type LinePart } from '../../src/export/parts';

const header = { invoiceId: 1, batchId: 1, invoiceNumber: 'A-1', invoiceNet: '0', invoiceTax: '0', invoiceGross: '0' } as InvoiceHeader;
const part = (amount: string, taxRate: string | null, taxCategory: string | null = 'S'): LinePart => ({
  lineNumber: '1', lineDescription: null, taxCategory, taxRate, orderLineReference: null, supplierItemId: null, part: 1, amount, glAccount: 'G', costCentre: null, taxCode: null,
});
const cents = fc.integer({ min: -100_000_00, max: 100_000_00 }).map((n) => (n / 100).toFixed(2));

describe('Export rows: tax per part', () => {
  it('shares each rate’s tax over its parts so the rows add up to the supplier’s tax exactly', () => {
    fc.assert(fc.property(fc.array(cents, { minLength: 1, maxLength: 12 }), cents, fc.array(cents, { minLength: 1, maxLength: 5 }), (amounts, tax, other) => {
      const rows = partRows(header, [...amounts.map((a) => part(a, '22')), ...other.map((a) => part(a, '10'))], [
        { category: 'S', rate: '22.00', taxAmount: tax }, { category: 'S', rate: '10', taxAmount: '7.77' },
      ]);
      const sumOf = (rate: string) => rows.filter((r) => r.taxRate === rate).reduce((s, r) => add(s, r.tax), '0');
      assert.equal(compare(sumOf('22'), tax), 0);
      assert.equal(compare(sumOf('10'), '7.77'), 0);
      for (const r of rows) assert.equal(compare(add(r.net, r.tax), r.gross), 0);
    }));
  });

  it('computes net × rate for a rate the supplier gave no breakdown for, and one row of totals for an invoice without lines', () => {
    assert.deepEqual(partRows(header, [part('10.05', '21')], []).map((r) => [r.net, r.tax, r.gross]), [['10.05', '2.11', '12.16']]);
    assert.deepEqual(partRows(header, [part('5.00', '22'), part('-5.00', '22')], [{ category: 'S', rate: '22', taxAmount: '0.01' }]).map((r) => r.tax), ['0', '0.01']);
    const totals = { ...header, invoiceNet: '100.00', invoiceTax: '22.00', invoiceGross: '122.00' };
    assert.deepEqual(partRows(totals, [], []).map((r) => [r.net, r.tax, r.gross, r.glAccount]), [['100.00', '22.00', '122.00', null]]);
  });
});
