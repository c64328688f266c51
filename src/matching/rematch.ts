/* Rematching after a PO or goods receipt changed: every invoice naming it, oldest first, then readiness. */
import type { Db } from '../db/connection';
import { refreshReadiness } from '../coding/readiness';
import { invoicesOfPurchaseOrder, matchInvoices } from './match-invoices';

export async function rematchPurchaseOrder(db: Db, purchaseOrderId: number): Promise<number> {
  const ids = await invoicesOfPurchaseOrder(db, purchaseOrderId);
  await matchInvoices(db, ids);
  await refreshReadiness(db, ids);
  return ids.length;
}
