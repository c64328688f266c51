/*
 * Invoices written straight into the tables (one document row each), so these tests do not
 * depend on the reader or the upload code. Only what a test names is set; the rest is plain.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/connection';

let seq = 0;

export type InvoiceAttrs = Partial<{
  invScannedBy: 'Pagero' | 'Upload';
  companyId: number | null;
  sellerName: string | null;
  sellerVatId: string | null;
  sellerCountry: string | null;
  buyerReference: string | null;
  currency: string | null;
  payableAmount: string | null;
  documentType: 'invoice' | 'credit_note';
  format: 'ubl' | 'cii' | 'fatturapa';
  invoiceNumber: string;
  issueDate: string;
  orderReference: string | null;
  status: string;
  documentGroupId: number | null;
  receivedAt: Date;
}>;

export async function makeInvoice(db: Db, attrs: InvoiceAttrs = {}): Promise<number> {
  seq += 1;
  const scannedBy = attrs.invScannedBy ?? 'Upload';
  const content = Buffer.from(`<Invoice>${seq}-${Date.now()}</Invoice>`);
  const [doc] = await db<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, company_id, status, reader_version)
    values (${scannedBy.toLowerCase()}, ${scannedBy}, ${`invoice-${seq}.xml`}, 'application/xml', ${content.byteLength},
            ${createHash('sha256').update(content).digest('hex')}, ${content}, ${attrs.companyId ?? null}, 'imported', 'test')
    returning id::int`;
  const [row] = await db<{ id: number }[]>`
    insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, seller_name,
                          seller_vat_id, seller_country, buyer_reference, order_reference, payable_amount, company_id,
                          inv_scanned_by, status, received_at)
    values (${doc!.id}, 0, ${attrs.format ?? 'ubl'}, ${attrs.documentType ?? 'invoice'}, ${attrs.invoiceNumber ?? `INV-${seq}`},
            ${attrs.issueDate ?? '2026-03-01'}, ${attrs.currency === undefined ? 'EUR' : attrs.currency},
            ${attrs.sellerName === undefined ? `Supplier ${seq}` : attrs.sellerName}, ${attrs.sellerVatId ?? null},
            ${attrs.sellerCountry ?? null}, ${attrs.buyerReference ?? null}, ${attrs.orderReference ?? null},
            ${attrs.payableAmount === undefined ? '100.00' : attrs.payableAmount}, ${attrs.companyId ?? null}, ${scannedBy},
            ${attrs.status ?? 'received'}, ${attrs.receivedAt ?? new Date()})
    returning id::int`;
  if (attrs.documentGroupId) await db`insert into invoice_groups (invoice_id, group_id, status) select id, ${attrs.documentGroupId}, status from invoices where id = ${row!.id}`;
  return row!.id;
}

export async function makeCompany(db: Db, name: string): Promise<number> {
  seq += 1;
  const [row] = await db<{ id: number }[]>`
    insert into pagero_companies (pagero_company_id, name, source) values (${`company-${seq}-${Date.now()}`}, ${name}, 'manual')
    returning id::int`;
  return row!.id;
}

/** A group row as the app would write it (last in priority), without going through HTTP. */
export async function makeGroup(db: Db, name: string, conditions: object): Promise<number> {
  const [row] = await db<{ id: number }[]>`
    insert into document_groups (name, priority, conditions)
    values (${name}, (select coalesce(max(priority), 0) + 1 from document_groups), ${db.json(conditions as never)})
    returning id::int`;
  return row!.id;
}

export const groupOf = async (db: Db, invoiceId: number) =>
  (await db<{ g: number }[]>`select group_id::int as g from invoice_groups where invoice_id = ${invoiceId}`)[0]?.g ?? null;

export const row = (field: string, op: string, value = '') => ({ field, op, value });
export const and = (...children: object[]) => ({ join: 'and', children });
export const or = (...children: object[]) => ({ join: 'or', children });
