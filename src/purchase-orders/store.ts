/*
 * Storing purchase orders and goods receipts, from CSV or the API. A PO is keyed by company
 * and number: sending it again updates its header and its lines by line number (lines not
 * sent are kept). A receipt is keyed by company and receipt number and stored once: sending
 * it again changes nothing and says so, so a client may safely retry. Each write queues a
 * rematch of the invoices that reference the PO, in the same transaction.
 */
import type { Db } from '../db/connection';
import { normalizeVatId } from '../coding/suppliers';
import { queueRematch } from './queue';
import type { GoodsReceiptInput, PurchaseOrderInput } from './schemas';

export type StoreResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** A company named by its Pagero company id or its VAT number. */
export async function findCompanyByKey(db: Db, key: string): Promise<number | null> {
  const [row]: [{ id: number }?] = await db`
    select id::int from pagero_companies
    where pagero_company_id = ${key} or upper(regexp_replace(coalesce(vat_number, ''), '[\\s.\\-]', '', 'g')) = ${normalizeVatId(key)}
    order by (pagero_company_id = ${key}) desc, id limit 1`;
  return row?.id ?? null;
}

export async function storePurchaseOrder(
  tx: Db, companyId: number, po: PurchaseOrderInput, source: 'csv' | 'api' | 'demo',
): Promise<{ id: number; created: boolean }> {
  const [row] = await tx<{ id: number; created: boolean }[]>`
    insert into purchase_orders (company_id, po_number, supplier_vat_id, supplier_name, currency, order_date, source)
    values (${companyId}, ${po.poNumber}, ${po.supplier.vatId ?? null}, ${po.supplier.name ?? null}, ${po.currency}, ${po.orderDate}, ${source})
    on conflict (company_id, po_number) do update set supplier_vat_id = excluded.supplier_vat_id, supplier_name = excluded.supplier_name,
      currency = excluded.currency, order_date = excluded.order_date, updated_at = now()
    returning id::int, (xmax = 0) as created`;
  const col = <K extends keyof PurchaseOrderInput['lines'][number]>(k: K) => po.lines.map((l) => l[k] ?? null);
  await tx`
    insert into purchase_order_lines (purchase_order_id, line_number, item_id, description, quantity, unit_price, tax_rate)
    select ${row!.id}, * from unnest(${col('lineNumber')}::text[], ${col('itemId')}::text[], ${col('description')}::text[],
                                     ${col('quantity')}::numeric[], ${col('unitPrice')}::numeric[], ${col('taxRate')}::numeric[])
    on conflict (purchase_order_id, line_number) do update set item_id = excluded.item_id, description = excluded.description,
      quantity = excluded.quantity, unit_price = excluded.unit_price, tax_rate = excluded.tax_rate`;
  await queueRematch(tx, row!.id);
  return row!;
}

export async function storeGoodsReceipt(
  tx: Db, companyId: number, receipt: GoodsReceiptInput, source: 'csv' | 'api' | 'demo',
): Promise<StoreResult<{ id: number; created: boolean }>> {
  const [po]: [{ id: number }?] = await tx`select id::int from purchase_orders where company_id = ${companyId} and po_number = ${receipt.poNumber}`;
  if (!po) return { ok: false, errors: { poNumber: `There is no purchase order ${receipt.poNumber} for this company.` } };
  const [existing]: [{ id: number; poId: number }?] = await tx`
    select id::int, purchase_order_id::int as po_id from goods_receipts where company_id = ${companyId} and receipt_number = ${receipt.receiptNumber}`;
  if (existing) {
    if (existing.poId !== po.id) return { ok: false, errors: { receiptNumber: `Receipt ${receipt.receiptNumber} already exists for another purchase order.` } };
    return { ok: true, value: { id: existing.id, created: false } };
  }
  const poLines = await tx<{ id: number; lineNumber: string }[]>`select id::int, line_number from purchase_order_lines where purchase_order_id = ${po.id}`;
  const idOf = new Map(poLines.map((l) => [l.lineNumber, l.id]));
  const errors: Record<string, string> = {};
  receipt.lines.forEach((l, i) => {
    if (!idOf.has(l.lineNumber)) errors[`lines.${i}.lineNumber`] = `Purchase order ${receipt.poNumber} has no line ${l.lineNumber}.`;
  });
  if (Object.keys(errors).length) return { ok: false, errors };
  const [row] = await tx<{ id: number }[]>`
    insert into goods_receipts (company_id, purchase_order_id, receipt_number, received_on, source)
    values (${companyId}, ${po.id}, ${receipt.receiptNumber}, ${receipt.receivedOn}, ${source}) returning id::int`;
  await tx`
    insert into goods_receipt_lines (goods_receipt_id, purchase_order_line_id, quantity)
    select ${row!.id}, * from unnest(${receipt.lines.map((l) => idOf.get(l.lineNumber)!)}::bigint[], ${receipt.lines.map((l) => l.quantity)}::numeric[])`;
  await queueRematch(tx, po.id);
  return { ok: true, value: { id: row!.id, created: true } };
}
