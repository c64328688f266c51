/*
 * "Code from the last invoice": the supplier's most recent other invoice in the same company
 * that has coded lines. A line takes the coding of the line there with the same item id,
 * else the same name; else, when all coded lines there share one coding, that one. A split
 * line gives its largest part. Codes deactivated since are left out.
 */
import type { Db } from '../db/connection';
import { FIELDS, idKey, type CodeBook, type CodeIds } from './codes';
import type { RuleLine } from './precedence';
import { supplierMatchesSql } from './suppliers';

type PastLine = { name: string | null; sellerItemId: string | null; standardItemId: string | null } & CodeIds;

export async function lastInvoiceLines(db: Db, invoice: { id: number; companyId: number }, supplier: string): Promise<PastLine[]> {
  return db<PastLine[]>`
    select l.name, l.seller_item_id, l.standard_item_id, c.gl_account_id::int, c.cost_centre_id::int, c.tax_code_id::int
    from invoice_lines l
    join lateral (select * from invoice_line_codings c where c.invoice_line_id = l.id order by abs(c.amount) desc, c.position limit 1) c on true
    where l.invoice_id = (
      select i.id from invoices i
      where i.id <> ${invoice.id} and i.company_id = ${invoice.companyId} and ${supplierMatchesSql(db, supplier)}
        and exists (select 1 from invoice_lines l2 join invoice_line_codings c2 on c2.invoice_line_id = l2.id where l2.invoice_id = i.id)
      order by i.received_at desc, i.id desc limit 1)
    order by l.position`;
}

const same = (a: string | null, b: string | null) => Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());

export function codingFromLastInvoice(past: PastLine[], line: RuleLine, book: CodeBook): CodeIds | null {
  const found =
    past.find((p) => same(p.sellerItemId, line.sellerItemId) || same(p.standardItemId, line.standardItemId)) ??
    past.find((p) => same(p.name, line.name)) ??
    (past.length && past.every((p) => FIELDS.every((f) => p[idKey(f)] === past[0]![idKey(f)])) ? past[0] : undefined);
  if (!found) return null;
  const ids: CodeIds = { glAccountId: null, costCentreId: null, taxCodeId: null };
  for (const f of FIELDS) {
    const id = found[idKey(f)];
    if (id !== null && book[f].byId.get(id)?.active) ids[idKey(f)] = id;
  }
  return ids;
}
