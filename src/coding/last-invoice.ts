/*
 * "Code from the last invoice": the supplier's most recent other invoice in the same company
 * that has coded lines. A line takes the coding of the line there with the same item id,
 * else the same name; else, when all coded lines there share one coding, that one. A split
 * line gives its split: the same codes in the same proportions of the new line's amount.
 * Codes deactivated since are left out.
 */
import type { Db } from '../db/connection';
import { FIELDS, idKey, type CodeBook, type CodeIds } from './codes';
import type { RuleLine } from './precedence';
import { percentsOfAmounts } from './split';
import { supplierMatchesSql } from './suppliers';

/** One part of a coding, as a share of its line. */
export type PastPart = CodeIds & { percent: string };
type PastLine = { name: string | null; sellerItemId: string | null; standardItemId: string | null; parts: PastPart[] };
type PartRow = Omit<PastLine, 'parts'> & CodeIds & { lineId: number; amount: string; percent: string | null };

export async function lastInvoiceLines(db: Db, invoice: { id: number; companyId: number }, supplier: string): Promise<PastLine[]> {
  const rows = await db<PartRow[]>`
    select l.id::int as line_id, l.name, l.seller_item_id, l.standard_item_id,
           c.gl_account_id::int, c.cost_centre_id::int, c.tax_code_id::int, c.amount::text, c.percent::text
    from invoice_lines l
    join invoice_line_codings c on c.invoice_line_id = l.id
    where l.invoice_id = (
      select i.id from invoices i
      where i.id <> ${invoice.id} and i.company_id = ${invoice.companyId} and ${supplierMatchesSql(db, supplier)}
        and exists (select 1 from invoice_lines l2 join invoice_line_codings c2 on c2.invoice_line_id = l2.id where l2.invoice_id = i.id)
      order by i.received_at desc, i.id desc limit 1)
    order by l.position, c.position`;
  const lines = new Map<number, { line: PartRow; parts: PartRow[] }>();
  for (const row of rows) {
    const entry = lines.get(row.lineId) ?? { line: row, parts: [] };
    entry.parts.push(row);
    lines.set(row.lineId, entry);
  }
  return [...lines.values()].map(({ line, parts }) => {
    // A split by amount is carried over as proportions; a split by percentage as it was.
    const percents = parts.every((p) => p.percent !== null) ? parts.map((p) => p.percent!) : percentsOfAmounts(parts.map((p) => p.amount));
    return {
      name: line.name,
      sellerItemId: line.sellerItemId,
      standardItemId: line.standardItemId,
      parts: parts.map((p, i) => ({ glAccountId: p.glAccountId, costCentreId: p.costCentreId, taxCodeId: p.taxCodeId, percent: percents[i]! })),
    };
  });
}

const same = (a: string | null, b: string | null) => Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());
const signature = (parts: PastPart[]) => JSON.stringify(parts.map((p) => [p.glAccountId, p.costCentreId, p.taxCodeId, Number(p.percent)]));

/** The parts to code the line with, or null when the last invoice says nothing about it. */
export function codingFromLastInvoice(past: PastLine[], line: RuleLine, book: CodeBook): PastPart[] | null {
  const found =
    past.find((p) => same(p.sellerItemId, line.sellerItemId) || same(p.standardItemId, line.standardItemId)) ??
    past.find((p) => same(p.name, line.name)) ??
    (past.length && past.every((p) => signature(p.parts) === signature(past[0]!.parts)) ? past[0] : undefined);
  if (!found) return null;
  return found.parts.map((part) => {
    const ids: CodeIds = { glAccountId: null, costCentreId: null, taxCodeId: null };
    for (const f of FIELDS) {
      const id = part[idKey(f)];
      if (id !== null && book[f].byId.get(id)?.active) ids[idKey(f)] = id;
    }
    return { ...ids, percent: part.percent };
  });
}
