/* What the export batch pages read. Batches hold invoices of every group: only readers who see every invoice reach them (routes.tsx). */
import type { Db } from '../db/connection';

export type BatchSummary = {
  id: number;
  companyId: number;
  companyName: string;
  origin: 'manual' | 'schedule';
  createdBy: string | null;
  createdAt: Date;
  columns: string[];
  confirmation: 'on_delivery' | 'erp';
  delivery: 'download' | 'sftp';
  status: 'ready' | 'delivering' | 'delivered' | 'failed';
  invoiceCount: number;
  deliveryAttempts: number;
  deliveryError: string | null;
  deliveredAt: Date | null;
  deliveredBy: string | null;
  deliveredTo: string | null;
};

const person = (alias: string, db: Db) => db`nullif(trim(coalesce(${db(alias)}.first_name, '') || ' ' || coalesce(${db(alias)}.last_name, '')), '')`;

const SUMMARY = (db: Db) => db`
  b.id::int, b.company_id::int, c.name as company_name, b.origin, ${person('cu', db)} as created_by, b.created_at, b.columns, b.confirmation,
  b.delivery, b.status, b.invoice_count, b.delivery_attempts, b.delivery_error, b.delivered_at, ${person('du', db)} as delivered_by, b.delivered_to
  from export_batches b join pagero_companies c on c.id = b.company_id
  left join users cu on cu.id = b.created_by left join users du on du.id = b.delivered_by`;

export const BATCH_PAGE = 50;

/** Newest first, BATCH_PAGE at a time (before = the last id shown). */
export async function listBatches(db: Db, before: number | null): Promise<{ rows: BatchSummary[]; next: number | null }> {
  const rows = await db<BatchSummary[]>`
    select ${SUMMARY(db)} where ${before === null ? db`true` : db`b.id < ${before}`} order by b.id desc limit ${BATCH_PAGE + 1}`;
  const more = rows.length > BATCH_PAGE;
  return { rows: rows.slice(0, BATCH_PAGE), next: more ? rows[BATCH_PAGE - 1]!.id : null };
}

export async function findBatch(db: Db, id: number): Promise<BatchSummary | undefined> {
  const [row]: [BatchSummary?] = await db`select ${SUMMARY(db)} where b.id = ${id}`;
  return row;
}

export type BatchInvoiceRow = {
  id: number; invoiceNumber: string; documentType: string; supplier: string | null; issueDate: string; currency: string | null; payable: string | null;
  status: string; erpDocumentId: string | null; erpMessage: string | null; reexportReason: string | null;
};

export const BATCH_INVOICES_SHOWN = 200;

export async function batchInvoices(db: Db, batchId: number): Promise<BatchInvoiceRow[]> {
  return db<BatchInvoiceRow[]>`
    select i.id::int, i.invoice_number, i.document_type, i.seller_name as supplier, i.issue_date::text, i.currency, i.payable_amount::text as payable,
           i.status, i.erp_document_id, i.erp_message, b.reexport_reason
    from export_batch_invoices b join invoices i on i.id = b.invoice_id
    where b.batch_id = ${batchId} order by i.id limit ${BATCH_INVOICES_SHOWN}`;
}

/** Per currency: the amount due and how many invoices are Exported, waiting or failed. */
export async function batchTotals(db: Db, batchId: number) {
  return db<{ currency: string | null; payable: string; invoices: number; exported: number; failed: number }[]>`
    select i.currency, coalesce(sum(case when i.document_type = 'credit_note' then -abs(i.payable_amount) else i.payable_amount end), 0)::text as payable, count(*)::int as invoices,
           count(*) filter (where i.status = 'exported')::int as exported, count(*) filter (where i.status = 'export_failed')::int as failed
    from export_batch_invoices b join invoices i on i.id = b.invoice_id
    where b.batch_id = ${batchId} group by i.currency order by i.currency`;
}

export type InvoiceBatch = Pick<BatchSummary, 'id' | 'createdAt' | 'delivery' | 'deliveredTo' | 'deliveredAt' | 'status' | 'confirmation'> & { reexportReason: string | null };

/** The batches an invoice was exported in, oldest first (a re-export adds one, with its reason). For the invoice page. */
export async function invoiceBatches(db: Db, invoiceId: number): Promise<InvoiceBatch[]> {
  return db<InvoiceBatch[]>`
    select b.id::int, b.created_at, b.delivery, b.delivered_to, b.delivered_at, b.status, b.confirmation, bi.reexport_reason
    from export_batch_invoices bi join export_batches b on b.id = bi.batch_id
    where bi.invoice_id = ${invoiceId} order by b.id`;
}
