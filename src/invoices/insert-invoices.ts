/*
 * Writes the invoices read from one document with multi-row inserts: one statement for the
 * invoices, then one per child table (chunked so no statement passes postgres' 65,535
 * parameter limit). This is the hot path of the Pagero sync (hundreds of invoices a second).
 */
import type postgres from 'postgres';
import type { Db } from '../db/connection';
import type { Invoice } from '../einvoice/index';

export type InvoiceOwner = { documentId: number; companyId: number | null; invScannedBy: 'Pagero' | 'Upload'; receivedAt: Date };

const ROWS_PER_STATEMENT = 2000;

export async function insertInvoices(db: Db, owner: InvoiceOwner, invoices: Invoice[]): Promise<number[]> {
  if (invoices.length === 0) return [];
  const rows = invoices.map((inv, position) => invoiceRow(owner, inv, position));
  const inserted = await db<{ id: number; position: number }[]>`
    insert into invoices ${db(rows, ...INVOICE_COLUMNS)}
    returning id::int, position`;
  const ids = inserted.sort((a, b) => a.position - b.position).map((r) => r.id);

  const lines = invoices.flatMap((inv, i) => inv.lines.map((line, position) => ({ invoiceId: ids[i]!, position, ...line })));
  for (const chunk of chunks(lines)) await db`insert into invoice_lines ${db(chunk, ...LINE_COLUMNS)}`;

  const taxes = invoices.flatMap((inv, i) => inv.taxBreakdown.map((tax, position) => ({ invoiceId: ids[i]!, position, ...tax })));
  for (const chunk of chunks(taxes)) await db`insert into invoice_tax_breakdowns ${db(chunk, ...TAX_COLUMNS)}`;

  const attachments = invoices.flatMap((inv, i) =>
    inv.attachments.map((att, position) => ({
      invoiceId: ids[i]!,
      position,
      filename: att.filename,
      mimeType: att.mimeType,
      sizeBytes: att.content.byteLength,
      sha256: att.sha256,
      content: att.content,
    })),
  );
  // attachments can be megabytes each: a few per statement keeps the statement size sane
  for (const chunk of chunks(attachments, 20)) await db`insert into invoice_attachments ${db(chunk, ...ATTACHMENT_COLUMNS)}`;

  if (owner.companyId === null) await companyFromBuyerVatId(db, ids);
  return ids;
}

/** An uploaded invoice belongs to the known company whose VAT number is its buyer's. */
async function companyFromBuyerVatId(db: Db, invoiceIds: number[]) {
  await db`
    update invoices i set company_id = c.id
    from pagero_companies c
    where i.id = any(${invoiceIds}::bigint[])
      and i.buyer_vat_id is not null
      and upper(replace(c.vat_number, ' ', '')) = upper(replace(i.buyer_vat_id, ' ', ''))`;
}

function invoiceRow(owner: InvoiceOwner, inv: Invoice, position: number) {
  const t = inv.totals;
  return {
    documentId: owner.documentId,
    position,
    format: inv.format,
    documentType: inv.documentType,
    typeCode: inv.typeCode,
    invoiceNumber: inv.invoiceNumber,
    issueDate: inv.issueDate,
    dueDate: inv.dueDate,
    currency: inv.currency,
    sellerName: inv.seller.name,
    sellerTradingName: inv.seller.tradingName,
    sellerVatId: inv.seller.vatId,
    sellerCountry: inv.seller.country,
    sellerEndpointId: inv.seller.endpointId,
    sellerAddress: asJson(inv.seller.address),
    buyerName: inv.buyer.name,
    buyerTradingName: inv.buyer.tradingName,
    buyerVatId: inv.buyer.vatId,
    buyerCountry: inv.buyer.country,
    buyerEndpointId: inv.buyer.endpointId,
    buyerAddress: asJson(inv.buyer.address),
    buyerReference: inv.buyerReference,
    orderReference: inv.orderReference,
    billingReference: inv.billingReference,
    paymentTerms: inv.paymentTerms,
    payeeIban: inv.payeeIban,
    lineNetAmount: t.lineNet,
    allowanceAmount: t.allowances,
    chargeAmount: t.charges,
    taxExclusiveAmount: t.taxExclusive,
    taxAmount: t.tax,
    taxInclusiveAmount: t.taxInclusive,
    prepaidAmount: t.prepaid,
    roundingAmount: t.rounding,
    withholdingAmount: t.withholding,
    payableAmount: t.payable,
    warnings: inv.warnings,
    attachmentCount: inv.attachments.length,
    companyId: owner.companyId,
    invScannedBy: owner.invScannedBy,
    receivedAt: owner.receivedAt,
  };
}

/** postgres.js serialises objects for jsonb columns itself; this only tells TypeScript so. */
const asJson = (value: object | null) => value as postgres.JSONValue;

type InvoiceRow = ReturnType<typeof invoiceRow>;
const INVOICE_COLUMNS = [
  'documentId', 'position', 'format', 'documentType', 'typeCode', 'invoiceNumber', 'issueDate', 'dueDate', 'currency',
  'sellerName', 'sellerTradingName', 'sellerVatId', 'sellerCountry', 'sellerEndpointId', 'sellerAddress',
  'buyerName', 'buyerTradingName', 'buyerVatId', 'buyerCountry', 'buyerEndpointId', 'buyerAddress',
  'buyerReference', 'orderReference', 'billingReference', 'paymentTerms', 'payeeIban',
  'lineNetAmount', 'allowanceAmount', 'chargeAmount', 'taxExclusiveAmount', 'taxAmount', 'taxInclusiveAmount',
  'prepaidAmount', 'roundingAmount', 'withholdingAmount', 'payableAmount',
  'warnings', 'attachmentCount', 'companyId', 'invScannedBy', 'receivedAt',
] as const satisfies readonly (keyof InvoiceRow)[];

const LINE_COLUMNS = [
  'invoiceId', 'position', 'lineNumber', 'name', 'description', 'quantity', 'unitCode', 'unitPrice', 'netAmount',
  'taxCategory', 'taxRate', 'sellerItemId', 'standardItemId', 'orderLineReference',
] as const;
const TAX_COLUMNS = ['invoiceId', 'position', 'category', 'rate', 'taxableAmount', 'taxAmount'] as const;
const ATTACHMENT_COLUMNS = ['invoiceId', 'position', 'filename', 'mimeType', 'sizeBytes', 'sha256', 'content'] as const;

function* chunks<T>(rows: T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
