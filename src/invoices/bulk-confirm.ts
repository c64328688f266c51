/*
 * Cancelling from the bulk bar asks first: the selected invoices the user may see, and
 * which of them Cancel would change and which it would skip (their status does not allow
 * it). The question is asked by the server, so it holds without JavaScript too.
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { TRANSITIONS } from './transitions';
import { visibleInvoices } from './visibility';

export type ConfirmRow = {
  id: number; invoiceNumber: string; supplier: string | null; amount: string | null; currency: string | null;
  documentType: string; status: string; dueDate: string | null; cancellable: boolean;
};

export async function invoicesToCancel(db: Db, user: CurrentUser, ids: number[]): Promise<ConfirmRow[]> {
  const rows = await db<Omit<ConfirmRow, 'cancellable'>[]>`
    select i.id::int, i.invoice_number, coalesce(i.seller_name, i.seller_trading_name) as supplier,
           coalesce(i.payable_amount, i.tax_inclusive_amount)::text as amount, i.currency, i.document_type, i.status, i.due_date::text
    from invoices i
    where i.id = any(${ids}::bigint[]) and ${visibleInvoices(db, user)}
    order by i.invoice_number, i.id`;
  const from: readonly string[] = TRANSITIONS.cancel.from;
  return rows.map((r) => ({ ...r, cancellable: from.includes(r.status) }));
}
