/*
 * Companies, codes, invoices with lines, rules and purchase orders written straight into the
 * tables, so coding and matching tests need neither the reader nor the upload code.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/connection';

let seq = 0;
const next = () => `${++seq}-${process.hrtime.bigint()}`;

export async function makeCompany(db: Db, name = `Company ${next()}`): Promise<number> {
  const [row] = await db<{ id: number }[]>`
    insert into pagero_companies (pagero_company_id, name, vat_number, source) values (${`co-${next()}`}, ${name}, ${`IT${seq}`}, 'manual') returning id::int`;
  return row!.id;
}

export async function makeCode(db: Db, table: 'gl_accounts' | 'cost_centres' | 'tax_codes', companyId: number, code: string, active = true): Promise<number> {
  const [row] = await db<{ id: number }[]>`
    insert into ${db(table)} (company_id, code, name, active) values (${companyId}, ${code}, ${`Name of ${code}`}, ${active}) returning id::int`;
  return row!.id;
}

export type LineAttrs = Partial<{ name: string; description: string; quantity: string; unitPrice: string; netAmount: string; sellerItemId: string; orderLineReference: string }>;
export type InvoiceAttrs = Partial<{
  companyId: number | null; sellerName: string; sellerVatId: string | null; orderReference: string | null; status: string;
  documentGroupId: number | null; receivedAt: Date; documentType: 'invoice' | 'credit_note';
}>;

export async function makeInvoice(db: Db, attrs: InvoiceAttrs = {}, lines: LineAttrs[] = [{}]): Promise<{ id: number; lineIds: number[]; number: string }> {
  const tag = next();
  const content = Buffer.from(`<Invoice>${tag}</Invoice>`);
  const [doc] = await db<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
    values ('upload', 'Upload', 'i.xml', 'application/xml', ${content.byteLength}, ${createHash('sha256').update(content).digest('hex')}, ${content}, 'imported', 'test')
    returning id::int`;
  const number = `INV-${tag}`;
  const [inv] = await db<{ id: number }[]>`
    insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, seller_name, seller_vat_id,
                          order_reference, company_id, inv_scanned_by, status, received_at)
    values (${doc!.id}, 0, 'ubl', ${attrs.documentType ?? 'invoice'}, ${number}, '2026-03-01', 'EUR', ${attrs.sellerName ?? 'Acme Supplies'},
            ${attrs.sellerVatId === undefined ? 'IT01234567890' : attrs.sellerVatId}, ${attrs.orderReference ?? null},
            ${attrs.companyId ?? null}, 'Upload', ${attrs.status ?? 'received'}, ${attrs.receivedAt ?? new Date()})
    returning id::int`;
  if (attrs.documentGroupId) await db`insert into invoice_groups (invoice_id, group_id, status) select id, ${attrs.documentGroupId}, status from invoices where id = ${inv!.id}`;
  const lineIds: number[] = [];
  for (const [position, l] of lines.entries()) {
    const [row] = await db<{ id: number }[]>`
      insert into invoice_lines (invoice_id, position, line_number, name, description, quantity, unit_price, net_amount, seller_item_id, order_line_reference)
      values (${inv!.id}, ${position}, ${String(position + 1)}, ${l.name ?? `Item ${position + 1}`}, ${l.description ?? null}, ${l.quantity ?? '1'},
              ${l.unitPrice ?? l.netAmount ?? '100.00'}, ${l.netAmount ?? '100.00'}, ${l.sellerItemId ?? null}, ${l.orderLineReference ?? null})
      returning id::int`;
    lineIds.push(row!.id);
  }
  return { id: inv!.id, lineIds, number };
}

export type RuleAttrs = Partial<{ kind: 'fixed' | 'last_invoice'; supplier: string; companyId: number | null; lineText: string | null; itemId: string | null; gl: string | null; cc: string | null; tax: string | null }>;

export async function makeRule(db: Db, a: RuleAttrs = {}): Promise<number> {
  const kind = a.kind ?? 'fixed';
  const [row] = await db<{ id: number }[]>`
    insert into coding_rules (kind, supplier, company_id, line_text, item_id, gl_account_code, cost_centre_code, tax_code_code)
    values (${kind}, ${a.supplier ?? 'IT01234567890'}, ${a.companyId ?? null}, ${a.lineText ?? null}, ${a.itemId ?? null},
            ${kind === 'fixed' ? (a.gl === undefined ? '4000' : a.gl) : null}, ${a.cc ?? null}, ${a.tax ?? null})
    returning id::int`;
  return row!.id;
}

export async function makePurchaseOrder(db: Db, companyId: number, poNumber: string, lines: { lineNumber: string; itemId?: string; description?: string; quantity: string; unitPrice: string }[]): Promise<number> {
  const [po] = await db<{ id: number }[]>`
    insert into purchase_orders (company_id, po_number, source) values (${companyId}, ${poNumber}, 'api') returning id::int`;
  for (const l of lines) {
    await db`insert into purchase_order_lines (purchase_order_id, line_number, item_id, description, quantity, unit_price)
             values (${po!.id}, ${l.lineNumber}, ${l.itemId ?? null}, ${l.description ?? null}, ${l.quantity}, ${l.unitPrice})`;
  }
  return po!.id;
}

export async function receive(db: Db, poId: number, lineNumber: string, quantity: string) {
  const [po] = await db<{ companyId: number }[]>`select company_id::int from purchase_orders where id = ${poId}`;
  const [gr] = await db<{ id: number }[]>`
    insert into goods_receipts (company_id, purchase_order_id, receipt_number, source) values (${po!.companyId}, ${poId}, ${`GR-${next()}`}, 'api') returning id::int`;
  await db`insert into goods_receipt_lines (goods_receipt_id, purchase_order_line_id, quantity)
           select ${gr!.id}, id, ${quantity} from purchase_order_lines where purchase_order_id = ${poId} and line_number = ${lineNumber}`;
}

export async function codingsOf(db: Db, lineId: number) {
  return db<{ amount: string; percent: string | null; gl: string | null; cc: string | null; tax: string | null; source: string; ruleId: number | null }[]>`
    select c.amount::text, c.percent::text, g.code as gl, cc.code as cc, t.code as tax, c.source, c.coding_rule_id::int as rule_id
    from invoice_line_codings c left join gl_accounts g on g.id = c.gl_account_id left join cost_centres cc on cc.id = c.cost_centre_id
    left join tax_codes t on t.id = c.tax_code_id where c.invoice_line_id = ${lineId} order by c.position`;
}

export async function statusOf(db: Db, invoiceId: number): Promise<string> {
  const [row] = await db<{ status: string }[]>`select status from invoices where id = ${invoiceId}`;
  return row!.status;
}
