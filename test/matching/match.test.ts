import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyCodingRules } from '../../src/coding/apply-rules';
import { codeAndMatchImportedInvoices } from '../../src/coding/import-hook';
import { touchlessRate } from '../../src/coding/touchless';
import { matchInvoices } from '../../src/matching/match-invoices';
import { rematchPurchaseOrder } from '../../src/matching/rematch';
import { saveMatchingSettings } from '../../src/matching/settings';
import { useTestDatabase, type TestDatabase } from '../helpers/database';
import { makeCode, makeCompany, makeInvoice, makePurchaseOrder, makeRule, receive, statusOf } from '../coding/factory';

const outcomes = async (db: TestDatabase, invoiceId: number) =>
  (await db.sql<{ outcome: string }[]>`
    select m.outcome from invoice_line_matches m join invoice_lines l on l.id = m.invoice_line_id where m.invoice_id = ${invoiceId} order by l.position`).map((r) => r.outcome);

describe('matching invoices to purchase orders', () => {
  const t = useTestDatabase();
  let company: number;

  before(async () => {
    company = await makeCompany(t.db.sql);
    await makeCode(t.db.sql, 'gl_accounts', company, '4000');
  });

  it('catches over-invoicing across several invoices, on the invoice that goes over, even when rerun', async () => {
    await makePurchaseOrder(t.db.sql, company, 'PO-CUM', [{ lineNumber: '1', itemId: 'P', quantity: '100', unitPrice: '2.00' }]);
    const first = await makeInvoice(t.db.sql, { companyId: company, orderReference: 'PO-CUM', receivedAt: new Date('2026-03-01') }, [{ sellerItemId: 'P', quantity: '60', unitPrice: '2.00', netAmount: '120.00' }]);
    const second = await makeInvoice(t.db.sql, { companyId: company, orderReference: 'PO-CUM', receivedAt: new Date('2026-03-02') }, [{ sellerItemId: 'P', quantity: '40', unitPrice: '2.00', netAmount: '80.00' }]);
    const third = await makeInvoice(t.db.sql, { companyId: company, orderReference: 'PO-CUM', receivedAt: new Date('2026-03-03') }, [{ sellerItemId: 'P', quantity: '1', unitPrice: '2.00', netAmount: '2.00' }]);
    await matchInvoices(t.db.sql, [first.id, second.id, third.id]);
    assert.deepEqual([await outcomes(t.db, first.id), await outcomes(t.db, second.id), await outcomes(t.db, third.id)], [['matched'], ['matched'], ['quantity_variance']]);
    await matchInvoices(t.db.sql, [first.id]);
    assert.deepEqual(await outcomes(t.db, first.id), ['matched']);
    const [line] = await t.db.sql<{ previouslyInvoiced: string }[]>`select previously_invoiced::text from invoice_line_matches where invoice_id = ${third.id}`;
    assert.equal(line!.previouslyInvoiced, '100');
    await t.db.sql`update invoices set status = 'cancelled' where id = ${second.id}`;
    await matchInvoices(t.db.sql, [third.id]);
    assert.deepEqual(await outcomes(t.db, third.id), ['matched']);
  });

  // An order apdesk does not have gets no outcome rows (the invoice page says so once, src/coding/order-state.ts).
  it('reports No PO line for lines that fit no PO line, and nothing for an order apdesk does not have', async () => {
    await makePurchaseOrder(t.db.sql, company, 'PO-NPL', [{ lineNumber: '1', itemId: 'X', description: 'Widgets', quantity: '5', unitPrice: '1' }]);
    const invoice = await makeInvoice(t.db.sql, { companyId: company, orderReference: 'PO-NPL' }, [{ sellerItemId: 'X', quantity: '5', unitPrice: '1', netAmount: '5' }, { name: 'Espresso machine' }]);
    const unknown = await makeInvoice(t.db.sql, { companyId: company, orderReference: 'PO-NOPE' }, [{}]);
    await matchInvoices(t.db.sql, [invoice.id, unknown.id]);
    assert.deepEqual(await outcomes(t.db, invoice.id), ['matched', 'no_po_line']);
    assert.deepEqual(await outcomes(t.db, unknown.id), []);
  });

  it('3-way per supplier: Not received until the goods receipt arrives, then matched and Ready by itself', async () => {
    await saveMatchingSettings(t.db.sql, company, { supplier: 'Three Way Srl', mode: 'three_way', pricePercent: '0', amount: null, quantityPercent: '0' });
    const poId = await makePurchaseOrder(t.db.sql, company, 'PO-3W', [{ lineNumber: '1', quantity: '10', unitPrice: '5.00', description: 'Steel bolts M8' }]);
    await makeRule(t.db.sql, { supplier: 'Three Way Srl', gl: '4000' });
    const invoice = await makeInvoice(t.db.sql, { companyId: company, sellerName: 'Three Way Srl', sellerVatId: null, orderReference: 'PO-3W' }, [{ name: 'Bolts M8 steel', quantity: '10', unitPrice: '5.00', netAmount: '50.00', orderLineReference: '1' }]);
    await codeAndMatchImportedInvoices(t.db.sql, [invoice.id]);
    assert.deepEqual(await outcomes(t.db, invoice.id), ['not_received']);
    assert.equal(await statusOf(t.db.sql, invoice.id), 'received');
    await receive(t.db.sql, poId, '1', '10');
    await rematchPurchaseOrder(t.db.sql, poId);
    assert.deepEqual(await outcomes(t.db, invoice.id), ['matched']);
    assert.equal(await statusOf(t.db.sql, invoice.id), 'ready');
    const events = await t.db.sql`select from_status, to_status, actor_id from invoice_events where invoice_id = ${invoice.id} and action = 'status'`;
    assert.deepEqual(events.map((e) => [e.fromStatus, e.toStatus, e.actorId]), [['received', 'ready', null]]);
  });

  it('moves to Ready only when every line has the required fields, and counts touchless invoices', async () => {
    const co = await makeCompany(t.db.sql);
    await makeCode(t.db.sql, 'gl_accounts', co, '5000');
    await makeCode(t.db.sql, 'cost_centres', co, 'CC1');
    await t.db.sql`insert into company_coding_settings (company_id, require_gl_account, require_cost_centre) values (${co}, true, true)`;
    const day = new Date('2030-01-10T10:00:00Z');
    await makeRule(t.db.sql, { supplier: 'Touchless AG', companyId: co, gl: '5000' });
    const a = await makeInvoice(t.db.sql, { companyId: co, sellerName: 'Touchless AG', sellerVatId: null, receivedAt: day }, [{}, {}]);
    await codeAndMatchImportedInvoices(t.db.sql, [a.id]);
    assert.equal(await statusOf(t.db.sql, a.id), 'received', 'the cost centre is required too');
    await t.db.sql`update coding_rules set cost_centre_code = 'CC1' where company_id = ${co}`;
    const b = await makeInvoice(t.db.sql, { companyId: co, sellerName: 'Touchless AG', sellerVatId: null, receivedAt: day }, [{}, {}]);
    const c = await makeInvoice(t.db.sql, { companyId: co, sellerName: 'Someone else', sellerVatId: null, receivedAt: day }, [{}]);
    await codeAndMatchImportedInvoices(t.db.sql, [b.id, c.id]);
    assert.equal(await statusOf(t.db.sql, b.id), 'ready');
    assert.equal(await statusOf(t.db.sql, c.id), 'received');
    await applyCodingRules(t.db.sql, [a.id]);
    const rate = await touchlessRate(t.db.sql, { from: new Date('2030-01-10T00:00:00Z'), to: new Date('2030-01-11T00:00:00Z') });
    assert.deepEqual(rate, { received: 3, touchless: 1, rate: 1 / 3 });
  });
});
