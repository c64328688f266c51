/*
 * Invoices as the API shows them: the list's summary and the full invoice (lines with their
 * coding and split parts, tax breakdown, totals, approvals, payments, links to the original
 * and the attachments). Also the webhook payload. A token sees every company's invoices.
 */
import type * as v from 'valibot';
import type { Db } from '../db/connection';
import type { InvoiceDetail, InvoiceSummary } from './schemas';

export type InvoiceSummaryJson = v.InferOutput<typeof InvoiceSummary>;
export type InvoiceDetailJson = v.InferOutput<typeof InvoiceDetail>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const invoicePath = (id: number) => `/api/v1/invoices/${id}`;

type SummaryRow = {
  id: number; invoiceNumber: string; documentType: 'invoice' | 'credit_note'; status: string; companyId: number | null; pageroCompanyId: string | null;
  companyName: string | null; sellerName: string | null; sellerVatId: string | null; issueDate: string; dueDate: string | null; currency: string | null;
  taxExclusiveAmount: string | null; taxAmount: string | null; taxInclusiveAmount: string | null; payableAmount: string | null; erpDocumentId: string | null;
  receivedAt: Date; updatedAt: Date;
};

/** The columns of a summary, for `from invoices i left join pagero_companies c on c.id = i.company_id`. */
export const summaryColumns = (db: Db) => db`
  i.id::int, i.invoice_number, i.document_type, i.status, i.company_id::int, c.pagero_company_id, c.name as company_name,
  i.seller_name, i.seller_vat_id, i.issue_date::text, i.due_date::text, i.currency,
  i.tax_exclusive_amount::text, i.tax_amount::text, i.tax_inclusive_amount::text, i.payable_amount::text, i.erp_document_id,
  i.received_at, i.updated_at`;

export function summaryJson(r: SummaryRow): InvoiceSummaryJson {
  return {
    id: r.id,
    number: r.invoiceNumber,
    documentType: r.documentType,
    status: r.status as InvoiceSummaryJson['status'],
    company: r.companyId === null ? null : { id: r.companyId, pageroCompanyId: r.pageroCompanyId ?? '', name: r.companyName ?? '' },
    supplier: { name: r.sellerName, vatId: r.sellerVatId },
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    currency: r.currency,
    totals: { taxExclusive: r.taxExclusiveAmount, tax: r.taxAmount, taxInclusive: r.taxInclusiveAmount, payable: r.payableAmount },
    erpDocumentId: r.erpDocumentId,
    receivedAt: r.receivedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    links: { self: invoicePath(r.id) },
  };
}

export type ListFilter = { statuses?: string[]; companyId?: number; updatedSince?: Date; afterId?: number; limit: number };

/** One page in id order (keyset: id > afterId), one more than asked to know whether a next page exists. */
export async function listInvoices(db: Db, f: ListFilter): Promise<{ rows: InvoiceSummaryJson[]; more: boolean }> {
  const rows = await db<SummaryRow[]>`
    select ${summaryColumns(db)}
    from invoices i left join pagero_companies c on c.id = i.company_id
    where i.id > ${f.afterId ?? 0}
      ${f.statuses ? db`and i.status = any(${f.statuses}::text[])` : db``}
      ${f.companyId !== undefined ? db`and i.company_id = ${f.companyId}` : db``}
      ${f.updatedSince ? db`and i.updated_at >= ${f.updatedSince}` : db``}
    order by i.id
    limit ${f.limit + 1}`;
  return { rows: rows.slice(0, f.limit).map(summaryJson), more: rows.length > f.limit };
}

type Party = InvoiceDetailJson['supplier'];
const party = (row: Record<string, unknown>, p: 'seller' | 'buyer'): Party => ({
  name: row[`${p}Name`] as string | null,
  tradingName: row[`${p}TradingName`] as string | null,
  vatId: row[`${p}VatId`] as string | null,
  country: row[`${p}Country`] as string | null,
  endpointId: row[`${p}EndpointId`] as string | null,
  address: row[`${p}Address`] as Party['address'],
});

/** The whole invoice, or undefined for an unknown id. */
export async function invoiceDetail(db: Db, id: number): Promise<InvoiceDetailJson | undefined> {
  return (await invoiceDetails(db, [id]))[0];
}

type LineRow = { id: number; invoiceId: number; position: number; lineNumber: string | null; name: string | null; description: string | null; quantity: string | null; unitCode: string | null; unitPrice: string | null; netAmount: string | null; taxCategory: string | null; taxRate: string | null; sellerItemId: string | null; standardItemId: string | null; orderLineReference: string | null };
type CodingRow = { invoiceId: number; lineId: number; amount: string; percent: string | null; glCode: string | null; glName: string | null; ccCode: string | null; ccName: string | null; tcCode: string | null; tcName: string | null };
type TaxRow = { invoiceId: number; category: string | null; rate: string | null; taxableAmount: string | null; taxAmount: string | null };
type ApprovalRow = { invoiceId: number; approvedBy: string | null; at: Date; step: string | null };
type PaymentRow = { invoiceId: number; amount: string; paidOn: string; reference: string | null; recordedAt: Date };
type AttachmentRow = { invoiceId: number; id: number; filename: string | null; mimeType: string | null; sizeBytes: number };

/**
 * Whole invoices, many at once: seven queries for all of them (each part read with
 * `= any(ids)` and grouped here) instead of seven per invoice, in the order of `ids`, unknown
 * ids left out. The API's invoice, its webhooks and the export batches' JSON all come from here,
 * so they cannot drift apart. Callers bound `ids` (the export reads a chunk at a time).
 */
export async function invoiceDetails(db: Db, ids: readonly number[]): Promise<InvoiceDetailJson[]> {
  if (ids.length === 0) return [];
  const list = [...ids];
  const [rows, lines, codings, taxes, approvals, payments, attachments] = await Promise.all([
    db<(Record<string, unknown> & SummaryRow)[]>`
      select ${summaryColumns(db)}, i.format, i.type_code, i.buyer_reference, i.order_reference, i.billing_reference, i.payment_terms, i.payee_iban,
             i.seller_trading_name, i.seller_country, i.seller_endpoint_id, i.seller_address,
             i.buyer_name, i.buyer_trading_name, i.buyer_vat_id, i.buyer_country, i.buyer_endpoint_id, i.buyer_address,
             i.status_reason, i.erp_message, i.exported_at,
             i.line_net_amount::text, i.allowance_amount::text, i.charge_amount::text, i.prepaid_amount::text,
             i.rounding_amount::text, i.withholding_amount::text, d.filename as original_filename, d.content_type as original_content_type
      from invoices i join documents d on d.id = i.document_id left join pagero_companies c on c.id = i.company_id
      where i.id = any(${list}::bigint[])`,
    db<LineRow[]>`
      select id::int, invoice_id::int, position, line_number, name, description, quantity::text, unit_code, unit_price::text, net_amount::text, tax_category, tax_rate::text,
             seller_item_id, standard_item_id, order_line_reference
      from invoice_lines where invoice_id = any(${list}::bigint[]) order by invoice_id, position`,
    db<CodingRow[]>`
      select l.invoice_id::int, lc.invoice_line_id::int as line_id, lc.amount::text, lc.percent::text, g.code as gl_code, g.name as gl_name, cc.code as cc_code, cc.name as cc_name, t.code as tc_code, t.name as tc_name
      from invoice_line_codings lc join invoice_lines l on l.id = lc.invoice_line_id
      left join gl_accounts g on g.id = lc.gl_account_id left join cost_centres cc on cc.id = lc.cost_centre_id left join tax_codes t on t.id = lc.tax_code_id
      where l.invoice_id = any(${list}::bigint[]) order by l.invoice_id, l.position, lc.position`,
    db<TaxRow[]>`
      select invoice_id::int, category, rate::text, taxable_amount::text, tax_amount::text from invoice_tax_breakdowns
      where invoice_id = any(${list}::bigint[]) order by invoice_id, position`,
    // approvals: the sign-offs of its approval chains (src/approvals), else every move into Approved by a person
    db<ApprovalRow[]>`
      select c.invoice_id::int, u.first_name || ' ' || u.last_name as approved_by, d.at, s.label as step
      from approval_decisions d join approval_steps s on s.id = d.step_id join approval_chains c on c.id = d.chain_id
      left join users u on u.id = d.user_id
      where c.invoice_id = any(${list}::bigint[]) and c.state <> 'cancelled'
      union all
      select e.invoice_id::int, coalesce(u.first_name || ' ' || u.last_name, e.actor_label), e.at, null
      from invoice_events e left join users u on u.id = e.actor_id
      where e.invoice_id = any(${list}::bigint[]) and e.action = 'status' and e.to_status = 'approved' and e.from_status <> 'export_failed'
        and not exists (select 1 from approval_chains c join approval_decisions d on d.chain_id = c.id where c.invoice_id = e.invoice_id and c.state <> 'cancelled')
      order by 1, 3`,
    db<PaymentRow[]>`
      select invoice_id::int, amount::text, paid_on::text, reference, recorded_at from invoice_payments where invoice_id = any(${list}::bigint[]) order by invoice_id, id`,
    db<AttachmentRow[]>`
      select invoice_id::int, id::int, filename, mime_type, size_bytes from invoice_attachments where invoice_id = any(${list}::bigint[]) order by invoice_id, position`,
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const linesOf = groupByInvoice(lines), codingsOf = groupByInvoice(codings), taxesOf = groupByInvoice(taxes);
  const approvalsOf = groupByInvoice(approvals), paymentsOf = groupByInvoice(payments), attachmentsOf = groupByInvoice(attachments);
  const code = (c: string | null, n: string | null) => (c === null ? null : { code: c, name: n ?? '' });
  const out: InvoiceDetailJson[] = [];
  for (const id of list) {
    const row = byId.get(id);
    if (!row) continue;
    const text = (k: string) => (row[k] as string | null) ?? null;
    const codingsByLine = new Map<number, CodingRow[]>();
    for (const c of codingsOf.get(id) ?? []) codingsByLine.set(c.lineId, [...(codingsByLine.get(c.lineId) ?? []), c]);
    const summary = summaryJson(row);
    out.push({
      ...summary,
      format: row.format as InvoiceDetailJson['format'],
      typeCode: text('typeCode'),
      buyerReference: text('buyerReference'),
      orderReference: text('orderReference'),
      billingReference: text('billingReference'),
      paymentTerms: text('paymentTerms'),
      payeeIban: text('payeeIban'),
      supplier: party(row, 'seller'),
      buyer: party(row, 'buyer'),
      statusReason: text('statusReason'),
      erpMessage: text('erpMessage'),
      exportedAt: iso(row.exportedAt as Date | null),
      totals: {
        lineNet: text('lineNetAmount'), allowances: text('allowanceAmount'), charges: text('chargeAmount'), taxExclusive: row.taxExclusiveAmount, tax: row.taxAmount,
        taxInclusive: row.taxInclusiveAmount, prepaid: text('prepaidAmount'), rounding: text('roundingAmount'), withholding: text('withholdingAmount'), payable: row.payableAmount,
      },
      lines: (linesOf.get(id) ?? []).map(({ id: lineId, invoiceId: _invoice, ...l }) => ({
        ...l,
        coding: (codingsByLine.get(lineId) ?? []).map((c) => ({ amount: c.amount, percent: c.percent, glAccount: code(c.glCode, c.glName), costCentre: code(c.ccCode, c.ccName), taxCode: code(c.tcCode, c.tcName) })),
      })),
      taxBreakdown: (taxesOf.get(id) ?? []).map(({ invoiceId: _invoice, ...t }) => t),
      approvals: (approvalsOf.get(id) ?? []).map((a) => ({ approvedBy: a.approvedBy, approvedAt: a.at.toISOString(), step: a.step })),
      payments: (paymentsOf.get(id) ?? []).map((p) => ({ amount: p.amount, date: p.paidOn, reference: p.reference, recordedAt: p.recordedAt.toISOString() })),
      original: { filename: text('originalFilename'), contentType: text('originalContentType'), href: `${invoicePath(id)}/original` },
      attachments: (attachmentsOf.get(id) ?? []).map(({ invoiceId: _invoice, ...a }) => ({ ...a, href: `${invoicePath(id)}/attachments/${a.id}` })),
    });
  }
  return out;
}

function groupByInvoice<T extends { invoiceId: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.invoiceId);
    if (list) list.push(row);
    else map.set(row.invoiceId, [row]);
  }
  return map;
}
