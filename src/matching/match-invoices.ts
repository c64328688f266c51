/*
 * Matches invoices to their purchase order, line by line, and stores each line's outcome
 * with the numbers behind it (invoice_line_matches). Only invoices (not credit notes) with
 * an order reference are matched; the PO is the one of the invoice's company with that
 * number. Earlier invoices come first: what a PO line has already been invoiced is the sum
 * over invoices received before this one (cancelled and rejected ones left out) plus the
 * earlier lines of this invoice, so over-invoicing across invoices is caught on the
 * invoice that goes over, and rerunning an earlier invoice does not flag it for a later one.
 */
import type { Db } from '../db/connection';
import { add } from '../einvoice/decimal';
import { lineOutcome } from './outcome';
import { pickPoLines, type PoLine } from './pick-po-line';
import { companyMatchingSettings, DEFAULT_MATCHING, settingsFor, type MatchingSettings } from './settings';

export const NOT_INVOICED_STATUSES = ['cancelled', 'rejected'];

type InvoiceToMatch = {
  id: number; companyId: number | null; orderReference: string | null; documentType: string;
  sellerVatId: string | null; sellerName: string | null; receivedAt: Date;
};
type LineToMatch = {
  id: number; quantity: string | null; unitPrice: string | null; netAmount: string | null; orderLineReference: string | null;
  sellerItemId: string | null; standardItemId: string | null; name: string | null; description: string | null;
};
type PoLineRow = PoLine & { quantity: string; unitPrice: string; received: string; previouslyInvoiced: string };

/** `fresh`: the invoices were inserted in this transaction, so they have no earlier outcome to clear. */
export async function matchInvoices(db: Db, invoiceIds: number[], { fresh = false } = {}): Promise<void> {
  if (invoiceIds.length === 0) return;
  const invoices = await db<InvoiceToMatch[]>`
    select id::int, company_id::int, order_reference, document_type, seller_vat_id, seller_name, received_at
    from invoices where id = any(${invoiceIds}::bigint[]) order by received_at, id`;
  if (!fresh) await db`delete from invoice_line_matches where invoice_id = any(${invoiceIds}::bigint[])`;
  const toMatch = invoices.flatMap((invoice) => {
    const reference = invoice.orderReference?.trim();
    return invoice.documentType === 'invoice' && reference ? [{ invoice, reference }] : [];
  });
  if (toMatch.length === 0) return;
  const poOf = await purchaseOrderFinder(db, toMatch.map((m) => m.reference));
  const settingsByCompany = new Map<number, MatchingSettings[]>();
  // An invoice whose PO apdesk does not have (the common case on import) gets no outcome rows: its page says so once
  // (src/coding/order-state.ts) instead of "No PO line" on every line, and it is matched when the PO arrives
  // (src/matching/rematch.ts). Writing twenty such rows per invoice was a third of the import's PostgreSQL work.
  for (const { invoice, reference } of toMatch) {
    const poId = poOf(reference, invoice.companyId);
    if (poId === null) continue;
    let all = invoice.companyId === null ? [] : settingsByCompany.get(invoice.companyId);
    if (!all) settingsByCompany.set(invoice.companyId!, (all = await companyMatchingSettings(db, invoice.companyId!)));
    const settings = invoice.companyId === null ? DEFAULT_MATCHING : settingsFor(all, invoice);
    await matchOne(db, invoice, poId, settings);
  }
}

/** The PO with that number of the invoice's company (any company for an invoice without one), lowest id first. */
async function purchaseOrderFinder(db: Db, references: string[]) {
  const pos = await db<{ id: number; poNumber: string; companyId: number }[]>`
    select id::int, po_number, company_id::int from purchase_orders where po_number = any(${[...new Set(references)]}::text[]) order by id`;
  return (reference: string, companyId: number | null) =>
    pos.find((po) => po.poNumber === reference && (companyId === null || po.companyId === companyId))?.id ?? null;
}

async function matchOne(db: Db, invoice: InvoiceToMatch, poId: number, settings: MatchingSettings) {
  const lines = await db<LineToMatch[]>`
    select id::int, quantity::text, unit_price::text, net_amount::text, order_line_reference, seller_item_id, standard_item_id, name, description
    from invoice_lines where invoice_id = ${invoice.id} order by position`;
  const poLines = await poLinesWithTotals(db, poId, invoice);
  const picks = pickPoLines(lines, poLines);
  const invoicedHere = new Map<number, string>();
  const rows = lines.map((line, i) => {
    const pick = picks[i];
    const base = { invoiceLineId: line.id, invoiceId: invoice.id, mode: settings.mode };
    if (!pick) return { ...base, outcome: 'no_po_line', invoiceQuantity: line.quantity, invoiceUnitPrice: line.unitPrice };
    const po = pick.poLine as PoLineRow;
    const previouslyInvoiced = add(po.previouslyInvoiced, invoicedHere.get(po.id) ?? '0');
    const result = lineOutcome({ ...line, mode: settings.mode, tolerances: settings, poQuantity: po.quantity, poUnitPrice: po.unitPrice, previouslyInvoiced, received: po.received });
    invoicedHere.set(po.id, add(invoicedHere.get(po.id) ?? '0', result.invoiceQuantity));
    return {
      ...base, purchaseOrderLineId: po.id, matchedBy: pick.by, outcome: result.outcome, invoiceQuantity: result.invoiceQuantity,
      invoiceUnitPrice: result.invoiceUnitPrice, poQuantity: po.quantity, poUnitPrice: po.unitPrice, previouslyInvoiced,
      receivedQuantity: po.received, priceVariancePercent: result.pricePercent, amountVariance: result.amountVariance,
    };
  });
  if (rows.length) await db`insert into invoice_line_matches ${db(rows.map(fill), ...MATCH_COLUMNS)}`;
}

const MATCH_COLUMNS = [
  'invoiceLineId', 'invoiceId', 'purchaseOrderLineId', 'matchedBy', 'outcome', 'mode', 'invoiceQuantity', 'invoiceUnitPrice',
  'poQuantity', 'poUnitPrice', 'previouslyInvoiced', 'receivedQuantity', 'priceVariancePercent', 'amountVariance',
] as const;
const fill = (row: Partial<Record<(typeof MATCH_COLUMNS)[number], unknown>>) =>
  Object.fromEntries(MATCH_COLUMNS.map((c) => [c, row[c] ?? null])) as Record<(typeof MATCH_COLUMNS)[number], string | number | null>;

/** The PO's lines with what was received and what invoices before this one have invoiced. */
function poLinesWithTotals(db: Db, poId: number, invoice: InvoiceToMatch) {
  return db<PoLineRow[]>`
    select pl.id::int, pl.line_number, pl.item_id, pl.description, pl.quantity::text, pl.unit_price::text,
           coalesce((select sum(r.quantity) from goods_receipt_lines r where r.purchase_order_line_id = pl.id), 0)::text as received,
           coalesce((select sum(m.invoice_quantity) from invoice_line_matches m join invoices i on i.id = m.invoice_id
                     where m.purchase_order_line_id = pl.id and i.id <> ${invoice.id}
                       and i.status <> all(${NOT_INVOICED_STATUSES}::text[])
                       and (i.received_at, i.id) < (${invoice.receivedAt}::timestamptz, ${invoice.id}::bigint)), 0)::text as previously_invoiced
    from purchase_order_lines pl where pl.purchase_order_id = ${poId}
    order by pl.id`;
}

/** Invoices that reference a PO, oldest first: rerun after the PO or a receipt for it changes. */
export async function invoicesOfPurchaseOrder(db: Db, poId: number): Promise<number[]> {
  const rows = await db<{ id: number }[]>`
    select i.id::int from invoices i join purchase_orders po on po.id = ${poId}
    where i.order_reference is not null and btrim(i.order_reference) = po.po_number
      and (i.company_id = po.company_id or i.company_id is null)
    order by i.received_at, i.id`;
  return rows.map((r) => r.id);
}
