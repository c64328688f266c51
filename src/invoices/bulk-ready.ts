/*
 * Mark ready asks before accepting an invoice whose lines are not matched to the order it names
 * (src/invoices/invoice-routes.tsx). A bulk change cannot ask per invoice, so it leaves those
 * out and says why: each is marked ready from its own page, where the question is asked and
 * the answer recorded.
 */
import { orderState } from '../coding/order-state';
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from './visibility';
import type { BulkOutcome } from './workflow';

export async function unmatchedForBulkReady(sql: Sql, user: CurrentUser, ids: number[]): Promise<BulkOutcome['skipped']> {
  const rows = await sql<{ id: number; invoiceNumber: string }[]>`
    select i.id::int, i.invoice_number from invoices i
    where i.id = any(${ids}::bigint[]) and i.status = 'in_review' and i.document_type = 'invoice'
      and nullif(btrim(i.order_reference), '') is not null and ${visibleInvoices(sql, user)}`;
  const skipped: BulkOutcome['skipped'] = [];
  for (const row of rows) {
    const o = await orderState(sql, row.id);
    if (o.reference === null || o.unmatched === 0) continue;
    const lines = `${o.unmatched} of ${o.lines} line${o.lines === 1 ? '' : 's'}`;
    skipped.push({
      id: row.id,
      invoiceNumber: row.invoiceNumber,
      why: `${lines} not matched to PO ${o.reference}${o.purchaseOrderId === null ? ', which is not in apdesk' : ''}; open it to confirm Mark ready`,
    });
  }
  return skipped;
}
