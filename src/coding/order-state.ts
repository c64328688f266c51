/*
 * The invoice's purchase order as the page explains it: is the order it names in apdesk at all
 * (one banner when not, rather than "No PO line" on every line), and how many lines are not
 * matched to it (Mark ready asks before accepting those).
 */
import type { Db } from '../db/connection';

export type OrderState = {
  /** The order number the invoice names, or null when it names none (or is a credit note, which is never matched). */
  reference: string | null;
  /** The order in apdesk (same company, or any company for an invoice without one); null when apdesk does not have it. */
  purchaseOrderId: number | null;
  lines: number;
  unmatched: number;
};

export async function orderState(db: Db, invoiceId: number): Promise<OrderState> {
  const [row]: [OrderState?] = await db`
    select case when i.document_type = 'invoice' then nullif(btrim(i.order_reference), '') end as reference,
      (select po.id::int from purchase_orders po
        where po.po_number = btrim(i.order_reference) and (i.company_id is null or po.company_id = i.company_id)
        order by po.id limit 1) as purchase_order_id,
      (select count(*)::int from invoice_lines l where l.invoice_id = i.id) as lines,
      (select count(*)::int from invoice_lines l where l.invoice_id = i.id
         and not exists (select 1 from invoice_line_matches m where m.invoice_line_id = l.id and m.outcome = 'matched')) as unmatched
    from invoices i where i.id = ${invoiceId}`;
  if (!row) return { reference: null, purchaseOrderId: null, lines: 0, unmatched: 0 };
  return row.reference === null ? { ...row, purchaseOrderId: null, unmatched: 0 } : row;
}

/** What Mark ready records when the user confirmed it despite unmatched lines; null when nothing needs confirming. */
export function unmatchedNote(o: OrderState): string | null {
  if (o.reference === null || o.unmatched === 0) return null;
  const lines = `${o.unmatched} of ${o.lines} line${o.lines === 1 ? '' : 's'}`;
  return o.purchaseOrderId === null
    ? `Marked ready although PO ${o.reference} is not in apdesk (${lines} not matched); confirmed.`
    : `Marked ready with ${lines} not matched to PO ${o.reference}; confirmed.`;
}
