/*
 * Writes the invoices read from one or many documents: one multi-row statement for the
 * invoices, then one per child table. Lines and tax rows go through unnest() over column
 * arrays, so the statement text never depends on how many rows there are (postgres.js
 * prepares each distinct statement once per connection; a text per row count would pile
 * up); each array goes as one literal built by arrayLiteral (cheaper than postgres.js's own).
 * This is the hot path of the Pagero sync.
 */
import type postgres from 'postgres';
import { arrayLiteral } from '../db/array-literal';
import type { Db } from '../db/connection';
import type { Invoice } from '../einvoice/index';

/**
 * companyId is the document's company when its source knows it (Pagero); fallbackCompanyId is
 * the company an uploader chose, used only when the file's buyer VAT id names no single company.
 */
export type InvoiceOwner = { documentId: number; companyId: number | null; fallbackCompanyId?: number | null; invScannedBy: 'Pagero' | 'Upload'; receivedAt: Date };

const ROWS_PER_STATEMENT = 2000;

export async function insertInvoices(db: Db, owner: InvoiceOwner, invoices: Invoice[]): Promise<number[]> {
  return (await insertInvoicesOfDocuments(db, [{ owner, invoices }]))[0]!;
}

/** The invoice ids per document, in the order given. */
export async function insertInvoicesOfDocuments(db: Db, documents: { owner: InvoiceOwner; invoices: Invoice[] }[]): Promise<number[][]> {
  const rows = documents.flatMap(({ owner, invoices }) => invoices.map((inv, position) => invoiceRow(owner, inv, position)));
  if (rows.length === 0) return documents.map(() => []);
  const idOf = new Map<string, number>();
  for (const chunk of chunks(rows, 500)) {
    const inserted = await db<{ id: number; documentId: number; position: number }[]>`
      insert into invoices ${db(chunk, ...INVOICE_COLUMNS)}
      returning id::int, document_id::int, position`;
    for (const r of inserted) idOf.set(`${r.documentId}:${r.position}`, r.id);
  }
  const ids = documents.map(({ owner, invoices }) => invoices.map((_, position) => idOf.get(`${owner.documentId}:${position}`)!));
  const all = documents.flatMap((d, i) => d.invoices.map((inv, j) => ({ inv, id: ids[i]![j]! })));

  const lines = all.flatMap(({ inv, id }) => inv.lines.map((line, position) => ({ invoiceId: id, position, ...line })));
  for (const chunk of chunks(lines)) {
    const col = <K extends keyof (typeof chunk)[number]>(key: K) => arrayLiteral(chunk.map((row) => row[key]));
    await db`
      insert into invoice_lines (invoice_id, position, line_number, name, description, quantity, unit_code, unit_price, net_amount,
                                 tax_category, tax_rate, seller_item_id, standard_item_id, order_line_reference)
      select * from unnest(
        ${col('invoiceId')}::bigint[], ${col('position')}::int[], ${col('lineNumber')}::text[], ${col('name')}::text[],
        ${col('description')}::text[], ${col('quantity')}::numeric[], ${col('unitCode')}::text[], ${col('unitPrice')}::numeric[],
        ${col('netAmount')}::numeric[], ${col('taxCategory')}::text[], ${col('taxRate')}::numeric[], ${col('sellerItemId')}::text[],
        ${col('standardItemId')}::text[], ${col('orderLineReference')}::text[])`;
  }

  const taxes = all.flatMap(({ inv, id }) => inv.taxBreakdown.map((tax, position) => ({ invoiceId: id, position, ...tax })));
  for (const chunk of chunks(taxes)) {
    const col = <K extends keyof (typeof chunk)[number]>(key: K) => arrayLiteral(chunk.map((row) => row[key]));
    await db`
      insert into invoice_tax_breakdowns (invoice_id, position, category, rate, taxable_amount, tax_amount)
      select * from unnest(${col('invoiceId')}::bigint[], ${col('position')}::int[], ${col('category')}::text[],
                           ${col('rate')}::numeric[], ${col('taxableAmount')}::numeric[], ${col('taxAmount')}::numeric[])`;
  }

  const attachments = all.flatMap(({ inv, id }) =>
    inv.attachments.map((att, position) => ({
      invoiceId: id,
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

  const ownerless = documents.flatMap((d, i) => (d.owner.companyId === null ? ids[i]! : []));
  if (ownerless.length) await companyFromBuyerVatId(db, ownerless);
  for (const [i, d] of documents.entries()) {
    if (d.owner.companyId === null && d.owner.fallbackCompanyId && ids[i]!.length) {
      await db`update invoices set company_id = ${d.owner.fallbackCompanyId} where id = any(${ids[i]!}::bigint[]) and company_id is null`;
    }
  }
  return ids;
}

/**
 * An uploaded invoice belongs to the known company whose VAT number is its buyer's, written
 * either way ("IT 011 806 80397", "NL8200.98.395.B.01"); only when exactly one company has it.
 */
async function companyFromBuyerVatId(db: Db, invoiceIds: number[]) {
  const vat = (column: string) => db`upper(regexp_replace(${db(column)}, '[^A-Za-z0-9]', '', 'g'))`;
  await db`
    update invoices i set company_id = c.id
    from pagero_companies c
    where i.id = any(${invoiceIds}::bigint[])
      and i.buyer_vat_id is not null
      and ${vat('c.vat_number')} = ${vat('i.buyer_vat_id')}
      and (select count(*) from pagero_companies c2 where ${vat('c2.vat_number')} = ${vat('i.buyer_vat_id')}) = 1`;
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

const ATTACHMENT_COLUMNS = ['invoiceId', 'position', 'filename', 'mimeType', 'sizeBytes', 'sha256', 'content'] as const;

function* chunks<T>(rows: T[], size = ROWS_PER_STATEMENT): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
