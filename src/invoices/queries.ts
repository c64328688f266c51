/* What My Invoices and the invoice page read. Every query is scoped by visibleInvoices in SQL. */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from './visibility';

export const PAGE_SIZE = 50;

export type InvoiceListRow = {
  id: number;
  invoiceNumber: string;
  documentType: 'invoice' | 'credit_note';
  sellerName: string | null;
  companyName: string | null;
  issueDate: string;
  dueDate: string | null;
  total: string | null;
  currency: string | null;
  status: string;
  duplicateOf: number | null;
  warningCount: number;
  attachmentCount: number;
};

export type InvoicePage = { rows: InvoiceListRow[]; nextCursor: string | null };

/** Keyset cursor: the last row's received_at to the microsecond (as Postgres prints it) and id. */
export type Cursor = { receivedAt: string; id: number };
const CURSOR = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)_(\d{1,18})$/;

export function parseCursor(value: string | undefined): Cursor | null | 'invalid' {
  if (!value) return null;
  const match = CURSOR.exec(value);
  return match ? { receivedAt: match[1]!, id: Number(match[2]) } : 'invalid';
}

/** Newest first, PAGE_SIZE a page, on the (received_at desc, id desc) index. */
export async function listInvoices(db: Db, user: CurrentUser, after: Cursor | null): Promise<InvoicePage> {
  const rows = await db<(InvoiceListRow & { cursorTime: string })[]>`
    select i.id::int, i.invoice_number, i.document_type, i.seller_name, c.name as company_name,
           i.issue_date::text, i.due_date::text, coalesce(i.tax_inclusive_amount, i.payable_amount)::text as total,
           i.currency, i.status, i.duplicate_of::int, cardinality(i.warnings) as warning_count, i.attachment_count,
           to_char(i.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_time
    from invoices i
    left join pagero_companies c on c.id = i.company_id
    where ${visibleInvoices(db, user)}
      ${after ? db`and (i.received_at, i.id) < (${after.receivedAt}::timestamptz, ${after.id})` : db``}
    order by i.received_at desc, i.id desc
    limit ${PAGE_SIZE + 1}`;
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    rows: page.map(({ cursorTime: _omit, ...row }) => row),
    nextCursor: rows.length > PAGE_SIZE && last ? `${last.cursorTime}_${last.id}` : null,
  };
}

export type InvoiceDetail = {
  id: number;
  documentId: number;
  format: string;
  documentType: 'invoice' | 'credit_note';
  typeCode: string | null;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string | null;
  currency: string | null;
  seller: PartyView;
  buyer: PartyView;
  buyerReference: string | null;
  orderReference: string | null;
  billingReference: string | null;
  paymentTerms: string | null;
  payeeIban: string | null;
  totals: Record<'lineNet' | 'allowances' | 'charges' | 'taxExclusive' | 'tax' | 'taxInclusive' | 'prepaid' | 'rounding' | 'withholding' | 'payable', string | null>;
  warnings: string[];
  status: string;
  invScannedBy: string;
  companyName: string | null;
  duplicateOf: number | null;
  duplicateOfNumber: string | null;
  receivedAt: Date;
  originalFilename: string | null;
};

export type PartyView = {
  name: string | null;
  tradingName: string | null;
  vatId: string | null;
  country: string | null;
  endpointId: string | null;
  address: Record<string, string | null> | null;
};

export async function findInvoice(db: Db, user: CurrentUser, id: number): Promise<InvoiceDetail | undefined> {
  const [row]: [Record<string, unknown>?] = await db`
    select i.*, i.id::int, i.document_id::int, i.duplicate_of::int, i.issue_date::text, i.due_date::text,
           c.name as company_name, d.filename as original_filename, o.invoice_number as duplicate_of_number,
           i.line_net_amount::text, i.allowance_amount::text, i.charge_amount::text, i.tax_exclusive_amount::text,
           i.tax_amount::text, i.tax_inclusive_amount::text, i.prepaid_amount::text, i.rounding_amount::text,
           i.withholding_amount::text, i.payable_amount::text
    from invoices i
    join documents d on d.id = i.document_id
    left join pagero_companies c on c.id = i.company_id
    left join invoices o on o.id = i.duplicate_of
    where i.id = ${id} and ${visibleInvoices(db, user)}`;
  if (!row) return undefined;
  const party = (p: 'seller' | 'buyer'): PartyView => ({
    name: row[`${p}Name`] as string | null,
    tradingName: row[`${p}TradingName`] as string | null,
    vatId: row[`${p}VatId`] as string | null,
    country: row[`${p}Country`] as string | null,
    endpointId: row[`${p}EndpointId`] as string | null,
    address: row[`${p}Address`] as PartyView['address'],
  });
  const text = (key: string) => row[key] as string | null;
  return {
    ...(row as unknown as InvoiceDetail),
    seller: party('seller'),
    buyer: party('buyer'),
    totals: {
      lineNet: text('lineNetAmount'),
      allowances: text('allowanceAmount'),
      charges: text('chargeAmount'),
      taxExclusive: text('taxExclusiveAmount'),
      tax: text('taxAmount'),
      taxInclusive: text('taxInclusiveAmount'),
      prepaid: text('prepaidAmount'),
      rounding: text('roundingAmount'),
      withholding: text('withholdingAmount'),
      payable: text('payableAmount'),
    },
  };
}

export type LineView = {
  lineNumber: string | null; name: string | null; description: string | null; quantity: string | null; unitCode: string | null;
  unitPrice: string | null; netAmount: string | null; taxCategory: string | null; taxRate: string | null; sellerItemId: string | null;
};
export type TaxView = { category: string | null; rate: string | null; taxableAmount: string | null; taxAmount: string | null };
export type AttachmentView = { id: number; filename: string | null; mimeType: string | null; sizeBytes: number };

/** Lines, tax breakdown and attachment list of an invoice already found visible by findInvoice. */
export async function invoiceParts(db: Db, invoiceId: number) {
  const [lines, taxes, attachments] = await Promise.all([
    db<LineView[]>`
      select line_number, name, description, quantity::text, unit_code, unit_price::text, net_amount::text,
             tax_category, tax_rate::text, seller_item_id
      from invoice_lines where invoice_id = ${invoiceId} order by position`,
    db<TaxView[]>`
      select category, rate::text, taxable_amount::text, tax_amount::text
      from invoice_tax_breakdowns where invoice_id = ${invoiceId} order by position`,
    db<AttachmentView[]>`
      select id::int, filename, mime_type, size_bytes from invoice_attachments where invoice_id = ${invoiceId} order by position`,
  ]);
  return { lines, taxes, attachments };
}

export type StoredFile = { content: Uint8Array; filename: string | null; contentType: string | null };

export async function invoiceOriginal(db: Db, user: CurrentUser, invoiceId: number): Promise<StoredFile | undefined> {
  const [file]: [StoredFile?] = await db`
    select d.content, d.filename, d.content_type
    from invoices i join documents d on d.id = i.document_id
    where i.id = ${invoiceId} and ${visibleInvoices(db, user)}`;
  return file;
}

export async function invoiceAttachment(db: Db, user: CurrentUser, invoiceId: number, attachmentId: number): Promise<StoredFile | undefined> {
  const [file]: [StoredFile?] = await db`
    select a.content, a.filename, a.mime_type as content_type
    from invoice_attachments a join invoices i on i.id = a.invoice_id
    where a.id = ${attachmentId} and i.id = ${invoiceId} and ${visibleInvoices(db, user)}`;
  return file;
}
