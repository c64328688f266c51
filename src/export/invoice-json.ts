/*
 * An invoice as the API shows it (GET /api/v1/invoices/{id}): header, supplier, buyer,
 * lines with their coding and split parts, tax breakdown, totals, approvals, attachments as
 * links. Loaded for many invoices at once (one query per table for a chunk of ids), so an
 * export batch's JSON file and an API page cost the same few queries. Amounts are decimal
 * strings, never JSON numbers.
 */
import type { Db } from '../db/connection';

export type ApiParty = { name: string | null; tradingName: string | null; vatId: string | null; country: string | null; endpointId: string | null; address: unknown };
export type ApiCodingPart = { position: number; amount: string; percent: string | null; glAccount: string | null; costCentre: string | null; taxCode: string | null };
export type ApiLine = {
  lineNumber: string | null; name: string | null; description: string | null; quantity: string | null; unitCode: string | null; unitPrice: string | null;
  netAmount: string | null; taxCategory: string | null; taxRate: string | null; sellerItemId: string | null; orderLineReference: string | null; coding: ApiCodingPart[];
};
export type ApiInvoice = {
  id: number; invoiceNumber: string; documentType: string; typeCode: string | null; format: string; status: string;
  company: { id: number; name: string } | null; issueDate: string; dueDate: string | null; currency: string | null;
  supplier: ApiParty; buyer: ApiParty;
  buyerReference: string | null; orderReference: string | null; billingReference: string | null; paymentTerms: string | null; payeeIban: string | null;
  lines: ApiLine[];
  taxBreakdown: { category: string | null; rate: string | null; taxableAmount: string | null; taxAmount: string | null }[];
  totals: Record<'lineNet' | 'allowances' | 'charges' | 'taxExclusive' | 'tax' | 'taxInclusive' | 'prepaid' | 'rounding' | 'withholding' | 'payable', string | null>;
  approvals: { by: string | null; at: string }[];
  erpDocumentId: string | null;
  receivedAt: string;
  original: { filename: string | null; href: string };
  attachments: { id: number; filename: string | null; mimeType: string | null; sizeBytes: number; href: string }[];
};

type Row = Record<string, unknown> & { id: number };

export async function apiInvoices(db: Db, ids: number[], baseUrl: string): Promise<ApiInvoice[]> {
  if (ids.length === 0) return [];
  const [heads, lines, codings, taxes, approvals, attachments] = await Promise.all([
    db<Row[]>`
      select i.id::int, i.invoice_number, i.document_type, i.type_code, i.format, i.status, i.company_id::int, c.name as company_name,
             i.issue_date::text, i.due_date::text, i.currency, i.seller_name, i.seller_trading_name, i.seller_vat_id, i.seller_country,
             i.seller_endpoint_id, i.seller_address, i.buyer_name, i.buyer_trading_name, i.buyer_vat_id, i.buyer_country, i.buyer_endpoint_id,
             i.buyer_address, i.buyer_reference, i.order_reference, i.billing_reference, i.payment_terms, i.payee_iban,
             i.line_net_amount::text, i.allowance_amount::text, i.charge_amount::text, i.tax_exclusive_amount::text, i.tax_amount::text,
             i.tax_inclusive_amount::text, i.prepaid_amount::text, i.rounding_amount::text, i.withholding_amount::text, i.payable_amount::text,
             i.erp_document_id, i.received_at, d.filename as original_filename
      from invoices i join documents d on d.id = i.document_id left join pagero_companies c on c.id = i.company_id
      where i.id = any(${ids}::bigint[]) order by i.id`,
    db<(Omit<ApiLine, 'coding'> & { invoiceId: number; lineId: number })[]>`
      select invoice_id::int, id::int as line_id, line_number, name, description, quantity::text, unit_code, unit_price::text, net_amount::text,
             tax_category, tax_rate::text, seller_item_id, order_line_reference
      from invoice_lines where invoice_id = any(${ids}::bigint[]) order by invoice_id, position`,
    db<(ApiCodingPart & { lineId: number })[]>`
      select lc.invoice_line_id::int as line_id, lc.position, lc.amount::text, lc.percent::text, ga.code as gl_account, cc.code as cost_centre, tc.code as tax_code
      from invoice_line_codings lc join invoice_lines l on l.id = lc.invoice_line_id
      left join gl_accounts ga on ga.id = lc.gl_account_id left join cost_centres cc on cc.id = lc.cost_centre_id left join tax_codes tc on tc.id = lc.tax_code_id
      where l.invoice_id = any(${ids}::bigint[]) order by lc.invoice_line_id, lc.position`,
    db<{ invoiceId: number; category: string | null; rate: string | null; taxableAmount: string | null; taxAmount: string | null }[]>`
      select invoice_id::int, category, rate::text, taxable_amount::text, tax_amount::text
      from invoice_tax_breakdowns where invoice_id = any(${ids}::bigint[]) order by invoice_id, position`,
    db<{ invoiceId: number; by: string | null; at: Date }[]>`
      select e.invoice_id::int, nullif(trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')), '') as by, e.at
      from invoice_events e left join users u on u.id = e.actor_id
      where e.invoice_id = any(${ids}::bigint[]) and e.action = 'status' and e.to_status = 'approved' order by e.invoice_id, e.at, e.id`,
    db<{ invoiceId: number; id: number; filename: string | null; mimeType: string | null; sizeBytes: number }[]>`
      select invoice_id::int, id::int, filename, mime_type, size_bytes from invoice_attachments
      where invoice_id = any(${ids}::bigint[]) order by invoice_id, position`,
  ]);
  const codingOf = groupBy(codings, (c) => c.lineId);
  const linesOf = groupBy(lines, (l) => l.invoiceId), taxesOf = groupBy(taxes, (t) => t.invoiceId);
  const approvalsOf = groupBy(approvals, (a) => a.invoiceId), attachmentsOf = groupBy(attachments, (a) => a.invoiceId);
  const s = (v: unknown) => (v ?? null) as string | null;
  const party = (h: Row, p: 'seller' | 'buyer'): ApiParty => ({
    name: s(h[`${p}Name`]), tradingName: s(h[`${p}TradingName`]), vatId: s(h[`${p}VatId`]), country: s(h[`${p}Country`]), endpointId: s(h[`${p}EndpointId`]), address: h[`${p}Address`] ?? null,
  });
  return heads.map((h) => ({
    id: h.id, invoiceNumber: h.invoiceNumber as string, documentType: h.documentType as string, typeCode: s(h.typeCode), format: h.format as string, status: h.status as string,
    company: h.companyId ? { id: h.companyId as number, name: h.companyName as string } : null,
    issueDate: h.issueDate as string, dueDate: s(h.dueDate), currency: s(h.currency),
    supplier: party(h, 'seller'), buyer: party(h, 'buyer'),
    buyerReference: s(h.buyerReference), orderReference: s(h.orderReference), billingReference: s(h.billingReference), paymentTerms: s(h.paymentTerms), payeeIban: s(h.payeeIban),
    lines: (linesOf.get(h.id) ?? []).map(({ invoiceId: _i, lineId, ...line }) => ({ ...line, coding: (codingOf.get(lineId) ?? []).map(({ lineId: _l, ...part }) => part) })),
    taxBreakdown: (taxesOf.get(h.id) ?? []).map(({ invoiceId: _i, ...t }) => t),
    totals: {
      lineNet: s(h.lineNetAmount), allowances: s(h.allowanceAmount), charges: s(h.chargeAmount), taxExclusive: s(h.taxExclusiveAmount), tax: s(h.taxAmount),
      taxInclusive: s(h.taxInclusiveAmount), prepaid: s(h.prepaidAmount), rounding: s(h.roundingAmount), withholding: s(h.withholdingAmount), payable: s(h.payableAmount),
    },
    approvals: (approvalsOf.get(h.id) ?? []).map((a) => ({ by: a.by, at: a.at.toISOString() })),
    erpDocumentId: s(h.erpDocumentId),
    receivedAt: (h.receivedAt as Date).toISOString(),
    original: { filename: s(h.originalFilename), href: `${baseUrl}/api/v1/invoices/${h.id}/original` },
    attachments: (attachmentsOf.get(h.id) ?? []).map(({ invoiceId: _i, ...a }) => ({ ...a, href: `${baseUrl}/api/v1/invoices/${h.id}/attachments/${a.id}` })),
  }));
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
