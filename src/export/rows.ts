/*
 * A batch's invoices read in chunks of CHUNK (a cursor over the batch, then one query each
 * for the chunk's lines with their coding and its tax breakdowns), so a 10,000-invoice
 * batch holds one chunk in memory and costs a few hundred queries, not tens of thousands.
 */
import type { Sql } from '../db/connection';
import type { PartRow } from './columns';
import { partRows, type InvoiceHeader, type LinePart, type TaxBreakdown } from './parts';

const CHUNK = 200;

/** The batch's invoice headers in invoice id order, CHUNK at a time. */
export async function* batchInvoiceChunks(sql: Sql, batchId: number): AsyncGenerator<InvoiceHeader[]> {
  const cursor = sql<InvoiceHeader[]>`
    select b.batch_id::int, i.id::int as invoice_id, c.name as company, i.seller_name as supplier, i.seller_vat_id as supplier_vat_id,
           i.invoice_number, i.document_type, i.issue_date::text, i.due_date::text, i.currency, i.buyer_reference, i.order_reference,
           i.payment_terms, i.payee_iban, i.tax_exclusive_amount::text as invoice_net, i.tax_amount::text as invoice_tax,
           i.tax_inclusive_amount::text as invoice_gross, i.payable_amount::text as invoice_payable
    from export_batch_invoices b join invoices i on i.id = b.invoice_id left join pagero_companies c on c.id = i.company_id
    where b.batch_id = ${batchId}
    order by i.id`.cursor(CHUNK);
  for await (const chunk of cursor) yield chunk;
}

export async function* batchPartRows(sql: Sql, batchId: number): AsyncGenerator<PartRow> {
  for await (const headers of batchInvoiceChunks(sql, batchId)) {
    const ids = headers.map((h) => h.invoiceId);
    const [parts, taxes] = await Promise.all([
      sql<(LinePart & { invoiceId: number })[]>`
        select l.invoice_id::int, l.line_number, coalesce(l.name, l.description) as line_description, l.tax_category, l.tax_rate::text,
               l.order_line_reference, l.seller_item_id as supplier_item_id, lc.position as part,
               coalesce(lc.amount, l.net_amount, 0)::text as amount, ga.code as gl_account, cc.code as cost_centre, tc.code as tax_code
        from invoice_lines l
        left join invoice_line_codings lc on lc.invoice_line_id = l.id
        left join gl_accounts ga on ga.id = lc.gl_account_id
        left join cost_centres cc on cc.id = lc.cost_centre_id
        left join tax_codes tc on tc.id = lc.tax_code_id
        where l.invoice_id = any(${ids}::bigint[])
        order by l.invoice_id, l.position, lc.position`,
      sql<(TaxBreakdown & { invoiceId: number })[]>`
        select invoice_id::int, category, rate::text, tax_amount::text from invoice_tax_breakdowns
        where invoice_id = any(${ids}::bigint[]) order by invoice_id, position`,
    ]);
    const partsOf = groupBy(parts), taxesOf = groupBy(taxes);
    for (const header of headers) yield* partRows(header, partsOf.get(header.invoiceId) ?? [], taxesOf.get(header.invoiceId) ?? []);
  }
}

function groupBy<T extends { invoiceId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.invoiceId);
    if (list) list.push(row);
    else map.set(row.invoiceId, [row]);
  }
  return map;
}
