/*
 * The purchase orders and goods receipts of apdesk's demo, derived from the very invoices the
 * Pagero sandbox holds (read with apdesk's own reader), so the two cannot drift: for the rule
 * supplier of each demo company, every invoice that names an order gets that order. Most
 * orders agree with their invoice; the newest ones show what matching is for:
 *
 *   2-way company (2 % price tolerance): newest = a price 8 % under the invoiced one (price
 *     variance), next = 1 % under (matched within tolerance), the rest exact.
 *   3-way company: newest = ordered but not yet received (no goods receipt), next = a price
 *     5 % under the invoiced one, the rest exact and received in full.
 */
import { div, mul, round } from '../einvoice/decimal';
import { readEInvoice, type Invoice } from '../einvoice/index';
import type { GoodsReceiptInput, PurchaseOrderInput } from '../purchase-orders/schemas';
import { DEMO_DEFINITIONS, type DemoCompanyDefinition } from './definitions';

/** What the plan needs of a sandbox document (src/pagero-sandbox/types.ts StoredDocument fits). */
export type DemoDocument = { id?: string; companyId: string; createTime?: string; documentInfo: { documentType: string }; targetDocument: () => Uint8Array };

export type DemoVariant = 'exact' | 'within_tolerance' | 'price_difference' | 'not_received';

export type DemoPurchaseOrder = { invoiceNumber: string; variant: DemoVariant; order: PurchaseOrderInput; receipt: GoodsReceiptInput | null };

export type DemoCompanyPlan = { pageroCompanyId: string; definition: DemoCompanyDefinition; purchaseOrders: DemoPurchaseOrder[] };

export type DemoPlan = Map<string, DemoCompanyPlan>;

const DAY_MS = 86_400_000;
const daysBefore = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

export function buildDemoPlan(documents: Iterable<DemoDocument>): DemoPlan {
  const docs = [...documents];
  const plan: DemoPlan = new Map();
  for (const [pageroCompanyId, definition] of Object.entries(DEMO_DEFINITIONS)) {
    const ordered = definition.rule && definition.purchaseOrders ? orderedInvoicesOf(docs, pageroCompanyId, definition.rule.supplier) : [];
    const variants = definition.matching.mode === 'three_way' ? ['not_received', 'price_difference'] as const : ['price_difference', 'within_tolerance'] as const;
    const purchaseOrders = ordered.map((invoice, i) => purchaseOrderFor(pageroCompanyId, invoice, variants[i] ?? 'exact', definition.matching.mode));
    plan.set(pageroCompanyId, { pageroCompanyId, definition, purchaseOrders });
  }
  return plan;
}

/** The supplier's invoices to the company that name an order, newest first, one per order number (a resent copy is left out). */
function orderedInvoicesOf(docs: DemoDocument[], companyId: string, supplier: string): Invoice[] {
  const seen = new Set<string>();
  const out: Invoice[] = [];
  const mine = docs
    .filter((d) => d.companyId === companyId && d.documentInfo.documentType === 'Invoice')
    .sort((a, b) => (b.createTime ?? '').localeCompare(a.createTime ?? '') || (b.id ?? '').localeCompare(a.id ?? ''));
  for (const doc of mine) {
    const read = readEInvoice(doc.targetDocument());
    if (!read.ok) continue;
    for (const invoice of read.invoices) {
      const reference = invoice.orderReference?.trim();
      if (!reference || invoice.documentType !== 'invoice' || invoice.seller.name !== supplier || seen.has(reference)) continue;
      if (invoice.lines.length === 0 || invoice.lines.some((l) => l.quantity === null || l.unitPrice === null)) continue;
      const lineRefs = invoice.lines.map((l, i) => l.orderLineReference?.trim() || String((i + 1) * 10));
      if (new Set(lineRefs).size !== lineRefs.length) continue;
      seen.add(reference);
      out.push(invoice);
    }
  }
  return out;
}

const PRICE_FACTOR: Partial<Record<DemoVariant, (price: string) => string>> = {
  within_tolerance: (price) => div(price, '1.01', 2),
  price_difference: (price) => round(mul(price, '0.92'), 2),
};

function purchaseOrderFor(company: string, invoice: Invoice, variant: DemoVariant, mode: 'two_way' | 'three_way'): DemoPurchaseOrder {
  const poNumber = invoice.orderReference!.trim();
  // 3-way: the price difference is 5 % (the 2-way one 8 %), so the two companies do not look alike
  const priced = variant === 'price_difference' && mode === 'three_way' ? (price: string) => round(mul(price, '0.95'), 2) : PRICE_FACTOR[variant];
  const lines = invoice.lines.map((line, i) => ({
    lineNumber: line.orderLineReference?.trim() || String((i + 1) * 10),
    itemId: line.sellerItemId,
    description: line.name,
    quantity: line.quantity!,
    // only the first line differs: the clerk sees one line off, the others matched
    unitPrice: i === 0 && priced ? priced(line.unitPrice!) : line.unitPrice!,
    taxRate: line.taxRate,
  }));
  const order: PurchaseOrderInput = {
    company,
    poNumber,
    supplier: { vatId: invoice.seller.vatId, name: invoice.seller.name },
    currency: invoice.currency,
    orderDate: daysBefore(invoice.issueDate, 10),
    lines,
  };
  const receipt: GoodsReceiptInput | null =
    mode === 'three_way' && variant !== 'not_received'
      ? { company, receiptNumber: `GR-${poNumber}`, poNumber, receivedOn: daysBefore(invoice.issueDate, 2), lines: lines.map((l) => ({ lineNumber: l.lineNumber, quantity: l.quantity })) }
      : null;
  return { invoiceNumber: invoice.invoiceNumber, variant, order, receipt };
}
