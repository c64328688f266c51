import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineOutcome, type OutcomeInput } from '../../src/matching/outcome';
import { pickPoLines } from '../../src/matching/pick-po-line';

const base: OutcomeInput = {
  mode: 'two_way', tolerances: { pricePercent: '2', amount: null, quantityPercent: '5' },
  quantity: '10', unitPrice: '10.00', netAmount: null, poQuantity: '100', poUnitPrice: '10.00', previouslyInvoiced: '0', received: '0',
};
const outcome = (over: Partial<OutcomeInput>) => lineOutcome({ ...base, ...over }).outcome;

describe('match outcome at and just past each tolerance', () => {
  it('price: 2 % over is matched, 2.01 % over is a price variance (also under)', () => {
    assert.equal(outcome({ unitPrice: '10.20' }), 'matched');
    assert.equal(outcome({ unitPrice: '10.201' }), 'price_variance');
    assert.equal(outcome({ unitPrice: '9.80' }), 'matched');
    assert.equal(outcome({ unitPrice: '9.799' }), 'price_variance');
    assert.equal(lineOutcome({ ...base, unitPrice: '10.201' }).pricePercent, '2.0100');
  });

  it('amount: a line difference at the limit is matched, a cent more is a price variance', () => {
    const tolerances = { pricePercent: '100', amount: '1.00', quantityPercent: '0' };
    assert.equal(outcome({ tolerances, unitPrice: '10.10', netAmount: '101.00' }), 'matched');
    assert.equal(outcome({ tolerances, unitPrice: '10.101', netAmount: '101.01' }), 'price_variance');
    assert.equal(lineOutcome({ ...base, tolerances, unitPrice: '10.101', netAmount: '101.01' }).amountVariance, '1.01');
  });

  it('quantity: up to 5 % over the PO is matched, just past it a quantity variance, counting earlier invoices', () => {
    assert.equal(outcome({ quantity: '5', previouslyInvoiced: '100' }), 'matched');
    assert.equal(outcome({ quantity: '5.01', previouslyInvoiced: '100' }), 'quantity_variance');
    assert.equal(outcome({ quantity: '105' }), 'matched');
    assert.equal(outcome({ quantity: '105.01' }), 'quantity_variance');
  });

  it('3-way: invoiced beyond what was received (plus tolerance) is not received; 2-way ignores receipts', () => {
    const threeWay = { mode: 'three_way' as const };
    assert.equal(outcome({ ...threeWay, quantity: '10', received: '0' }), 'not_received');
    assert.equal(outcome({ ...threeWay, quantity: '10.5', received: '10' }), 'matched');
    assert.equal(outcome({ ...threeWay, quantity: '10.51', received: '10' }), 'not_received');
    assert.equal(outcome({ quantity: '10', received: '0' }), 'matched');
  });

  it('picks the PO line by order line reference, then item id, then the closest description', () => {
    const po = [
      { id: 1, lineNumber: '10', itemId: 'A', description: 'Copy paper A4 80g' },
      { id: 2, lineNumber: '20', itemId: 'B', description: 'Toner cartridge black' },
      { id: 3, lineNumber: '30', itemId: null, description: 'Delivery and freight' },
    ];
    const line = (l: Partial<{ orderLineReference: string; sellerItemId: string; name: string }>) => ({ orderLineReference: null, sellerItemId: null, standardItemId: null, name: null, description: null, ...l });
    const picks = pickPoLines([line({ orderLineReference: '20', sellerItemId: 'A' }), line({ sellerItemId: 'a' }), line({ name: 'Freight & delivery' }), line({ name: 'Coffee beans' })], po);
    assert.deepEqual(picks.map((p) => p && [p.poLine.id, p.by]), [[2, 'order_line_reference'], [1, 'item_id'], [3, 'description'], null]);
  });
});
