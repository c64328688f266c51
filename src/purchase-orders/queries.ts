/* Purchase orders for the list and the PO page, with received, invoiced and remaining quantities. */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { companySeenBy } from './visibility';
import { NOT_INVOICED_STATUSES } from '../matching/match-invoices';

export type PoListRow = { id: number; poNumber: string; companyName: string; supplierName: string | null; supplierVatId: string | null; orderDate: string | null; lineCount: number };
export type PoLineView = { lineNumber: string; itemId: string | null; description: string | null; quantity: string; unitPrice: string; taxRate: string | null; received: string; invoiced: string; remaining: string };
export type PoDetail = PoListRow & { currency: string | null; lines: PoLineView[] };

export const listPurchaseOrders = (db: Db, user: CurrentUser, companyId: number | null) =>
  db<PoListRow[]>`
    select po.id::int, po.po_number, c.name as company_name, po.supplier_name, po.supplier_vat_id, po.order_date::text,
           (select count(*) from purchase_order_lines l where l.purchase_order_id = po.id)::int as line_count
    from purchase_orders po join pagero_companies c on c.id = po.company_id
    where ${companyId === null ? db`true` : db`po.company_id = ${companyId}`} and ${companySeenBy(db, user, db`po.company_id`)}
    order by po.created_at desc, po.id desc limit 200`;

export async function findPurchaseOrder(db: Db, user: CurrentUser, id: number): Promise<PoDetail | undefined> {
  const [po]: [Omit<PoDetail, 'lines'>?] = await db`
    select po.id::int, po.po_number, c.name as company_name, po.supplier_name, po.supplier_vat_id, po.order_date::text, po.currency, 0 as line_count
    from purchase_orders po join pagero_companies c on c.id = po.company_id
    where po.id = ${id} and ${companySeenBy(db, user, db`po.company_id`)}`;
  if (!po) return undefined;
  const lines = await db<PoLineView[]>`
    select l.line_number, l.item_id, l.description, l.quantity::text, l.unit_price::text, l.tax_rate::text, t.received::text, t.invoiced::text,
           (l.quantity - t.invoiced)::text as remaining
    from purchase_order_lines l,
      lateral (select coalesce((select sum(r.quantity) from goods_receipt_lines r where r.purchase_order_line_id = l.id), 0) as received,
                      coalesce((select sum(m.invoice_quantity) from invoice_line_matches m join invoices i on i.id = m.invoice_id
                                where m.purchase_order_line_id = l.id and i.status <> all(${NOT_INVOICED_STATUSES}::text[])), 0) as invoiced) t
    where l.purchase_order_id = ${id} order by l.id`;
  return { ...po, lineCount: lines.length, lines };
}
