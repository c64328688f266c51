/*
 * The export JSON's former serializer, kept as the reference the batched one is tested against
 * (json-chunks.test.ts): one invoice per call, seven queries each — src/api/invoice-json.ts's
 * invoiceDetail before invoiceDetails, verbatim but for the imports.
 */
import type { Db } from '../../src/db/connection';
import { invoicePath, summaryColumns, summaryJson, type InvoiceDetailJson } from '../../src/api/invoice-json';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
type SummaryRow = Parameters<typeof summaryJson>[0];
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
export async function referenceInvoiceDetail(db: Db, id: number): Promise<InvoiceDetailJson | undefined> {
  const [row]: [(Record<string, unknown> & SummaryRow)?] = await db`
    select ${summaryColumns(db)}, i.format, i.type_code, i.buyer_reference, i.order_reference, i.billing_reference, i.payment_terms, i.payee_iban,
           i.seller_trading_name, i.seller_country, i.seller_endpoint_id, i.seller_address,
           i.buyer_name, i.buyer_trading_name, i.buyer_vat_id, i.buyer_country, i.buyer_endpoint_id, i.buyer_address,
           i.status_reason, i.erp_message, i.exported_at,
           i.line_net_amount::text, i.allowance_amount::text, i.charge_amount::text, i.prepaid_amount::text,
           i.rounding_amount::text, i.withholding_amount::text, d.filename as original_filename, d.content_type as original_content_type
    from invoices i join documents d on d.id = i.document_id left join pagero_companies c on c.id = i.company_id
    where i.id = ${id}`;
  if (!row) return undefined;
  const [lines, codings, taxes, approvals, payments, attachments] = await Promise.all([
    db<{ id: number; position: number; lineNumber: string | null; name: string | null; description: string | null; quantity: string | null; unitCode: string | null; unitPrice: string | null; netAmount: string | null; taxCategory: string | null; taxRate: string | null; sellerItemId: string | null; standardItemId: string | null; orderLineReference: string | null }[]>`
      select id::int, position, line_number, name, description, quantity::text, unit_code, unit_price::text, net_amount::text, tax_category, tax_rate::text,
             seller_item_id, standard_item_id, order_line_reference
      from invoice_lines where invoice_id = ${id} order by position`,
    db<{ lineId: number; amount: string; percent: string | null; glCode: string | null; glName: string | null; ccCode: string | null; ccName: string | null; tcCode: string | null; tcName: string | null }[]>`
      select lc.invoice_line_id::int as line_id, lc.amount::text, lc.percent::text, g.code as gl_code, g.name as gl_name, cc.code as cc_code, cc.name as cc_name, t.code as tc_code, t.name as tc_name
      from invoice_line_codings lc join invoice_lines l on l.id = lc.invoice_line_id
      left join gl_accounts g on g.id = lc.gl_account_id left join cost_centres cc on cc.id = lc.cost_centre_id left join tax_codes t on t.id = lc.tax_code_id
      where l.invoice_id = ${id} order by l.position, lc.position`,
    db<{ category: string | null; rate: string | null; taxableAmount: string | null; taxAmount: string | null }[]>`
      select category, rate::text, taxable_amount::text, tax_amount::text from invoice_tax_breakdowns where invoice_id = ${id} order by position`,
    // approvals: the sign-offs of its approval chains (src/approvals), else every move into Approved by a person
    db<{ approvedBy: string | null; at: Date; step: string | null }[]>`
      select u.first_name || ' ' || u.last_name as approved_by, d.at, s.label as step
      from approval_decisions d join approval_steps s on s.id = d.step_id join approval_chains c on c.id = d.chain_id
      left join users u on u.id = d.user_id
      where c.invoice_id = ${id} and c.state <> 'cancelled'
      union all
      select coalesce(u.first_name || ' ' || u.last_name, e.actor_label), e.at, null
      from invoice_events e left join users u on u.id = e.actor_id
      where e.invoice_id = ${id} and e.action = 'status' and e.to_status = 'approved' and e.from_status <> 'export_failed'
        and not exists (select 1 from approval_chains c join approval_decisions d on d.chain_id = c.id where c.invoice_id = ${id} and c.state <> 'cancelled')
      order by 2`,
    db<{ amount: string; paidOn: string; reference: string | null; recordedAt: Date }[]>`
      select amount::text, paid_on::text, reference, recorded_at from invoice_payments where invoice_id = ${id} order by id`,
    db<{ id: number; filename: string | null; mimeType: string | null; sizeBytes: number }[]>`
      select id::int, filename, mime_type, size_bytes from invoice_attachments where invoice_id = ${id} order by position`,
  ]);
  const code = (c: string | null, n: string | null) => (c === null ? null : { code: c, name: n ?? '' });
  const text = (k: string) => (row[k] as string | null) ?? null;
  const summary = summaryJson(row);
  return {
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
    lines: lines.map(({ id: lineId, ...l }) => ({
      ...l,
      coding: codings.filter((c) => c.lineId === lineId).map((c) => ({ amount: c.amount, percent: c.percent, glAccount: code(c.glCode, c.glName), costCentre: code(c.ccCode, c.ccName), taxCode: code(c.tcCode, c.tcName) })),
    })),
    taxBreakdown: [...taxes],
    approvals: approvals.map((a) => ({ approvedBy: a.approvedBy, approvedAt: a.at.toISOString(), step: a.step })),
    payments: payments.map((p) => ({ amount: p.amount, date: p.paidOn, reference: p.reference, recordedAt: p.recordedAt.toISOString() })),
    original: { filename: text('originalFilename'), contentType: text('originalContentType'), href: `${invoicePath(id)}/original` },
    attachments: attachments.map((a) => ({ ...a, href: `${invoicePath(id)}/attachments/${a.id}` })),
  };
}
