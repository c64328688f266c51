/* What the invoice page reads. Every query is scoped by visibleInvoices in SQL. */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from './visibility';
import { originalBytes, type StoredOriginal } from './original';

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
  statusReason: string | null;
  statusReasonCode: string | null;
  statusActionCode: string | null;
  heldFrom: string | null;
  groupName: string | null;
  invScannedBy: string;
  companyName: string | null;
  /** The earlier invoice of a possible duplicate when the user may see it; possibleDuplicate says whether there is one at all. */
  duplicateOf: number | null;
  duplicateOfNumber: string | null;
  possibleDuplicate: boolean;
  receivedAt: Date;
  originalFilename: string | null;
  /** The ERP's answer (src/erp): its document id once booked, its message when it refused the export. */
  erpDocumentId: string | null;
  erpMessage: string | null;
  exportedAt: Date | null;
  exportFailedAt: Date | null;
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
    select i.*, i.id::int, i.document_id::int, o.id::int as duplicate_of, i.issue_date::text, i.due_date::text,
           c.name as company_name, g.name::text as group_name, d.filename as original_filename, o.invoice_number as duplicate_of_number,
           dup.id is not null as possible_duplicate,
           i.line_net_amount::text, i.allowance_amount::text, i.charge_amount::text, i.tax_exclusive_amount::text,
           i.tax_amount::text, i.tax_inclusive_amount::text, i.prepaid_amount::text, i.rounding_amount::text,
           i.withholding_amount::text, i.payable_amount::text
    from invoices i
    join documents d on d.id = i.document_id
    left join pagero_companies c on c.id = i.company_id
    left join invoice_groups ig on ig.invoice_id = i.id
    left join document_groups g on g.id = ig.group_id
    left join invoices dup on dup.id = i.duplicate_of
    -- the earlier invoice is named only to those who may see it (its id and number are not ours to give away)
    left join lateral (select i.id, i.invoice_number from invoices i where i.id = dup.id and ${visibleInvoices(db, user)}) o on true
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
  const [file]: [(StoredOriginal & Omit<StoredFile, 'content'>)?] = await db`
    select d.content, d.content_zstd, d.filename, d.content_type
    from invoices i join documents d on d.id = i.document_id
    where i.id = ${invoiceId} and ${visibleInvoices(db, user)}`;
  return file && { content: originalBytes(file), filename: file.filename, contentType: file.contentType };
}

export async function invoiceAttachment(db: Db, user: CurrentUser, invoiceId: number, attachmentId: number): Promise<StoredFile | undefined> {
  const [file]: [StoredFile?] = await db`
    select a.content, a.filename, a.mime_type as content_type
    from invoice_attachments a join invoices i on i.id = a.invoice_id
    where a.id = ${attachmentId} and i.id = ${invoiceId} and ${visibleInvoices(db, user)}`;
  return file;
}

/** The invoice a credit note credits, when we have it and the user may see it. */
export async function creditedInvoice(db: Db, user: CurrentUser, invoice: Pick<InvoiceDetail, 'billingReference' | 'seller' | 'id'>) {
  if (!invoice.billingReference) return null;
  const [found]: [{ id: number }?] = await db`
    select i.id::int from invoices i
    where i.invoice_number = ${invoice.billingReference} and i.seller_vat_id is not distinct from ${invoice.seller.vatId}
      and i.id <> ${invoice.id} and ${visibleInvoices(db, user)}
    order by i.issue_date desc, i.id desc
    limit 1`;
  return found?.id ?? null;
}
