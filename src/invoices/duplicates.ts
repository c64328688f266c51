import type { Db } from '../db/connection';

export type PossibleDuplicate = { invoiceId: number; duplicateOf: number };

/** Advisory lock class for the duplicate keys (the second key is a hash of seller VAT id and invoice number). */
const DUPLICATE_KEY_LOCK = 7_311_200;

/**
 * Points each given invoice at the earliest-received invoice of another document with the
 * same seller VAT id, invoice number, issue date and payable amount (numeric equality, so
 * 100.0 = 100.00), or clears the flag when there is none. Invoices without a VAT id or a
 * payable amount are never flagged. Only flags that change are written. Returns the changed
 * flags of the given invoices.
 *
 * Two transactions importing the same invoice at once (two workers, an upload during a sync)
 * would each miss the other's uncommitted row. A transaction lock per key makes the second
 * wait until the first commits; it then settles the flags of every invoice with its keys,
 * the first one's included (which of the two is the original follows received time, not commit order).
 */
export async function flagDuplicates(db: Db, invoiceIds: number[]): Promise<PossibleDuplicate[]> {
  if (invoiceIds.length === 0) return [];
  await db`
    select pg_advisory_xact_lock(${DUPLICATE_KEY_LOCK}, k) from (
      select distinct hashtext(seller_vat_id || '|' || invoice_number) as k from invoices
      where id = any(${invoiceIds}::bigint[]) and seller_vat_id is not null and payable_amount is not null
      order by 1
    ) keys`;
  const given = new Set(invoiceIds);
  const found = await duplicateFlags(db, invoiceIds);
  // A copy received later but committed earlier (or re-read) was settled before this one existed.
  const later = [...new Set(found.flatMap((row) => (row.later === null || given.has(row.later) ? [] : [row.later])))];
  if (later.length > 0) found.push(...(await duplicateFlags(db, later)));
  const changed = found.filter((row) => row.duplicateOf !== row.original);
  if (changed.length === 0) return [];
  await db`
    update invoices i set duplicate_of = c.original
    from unnest(${changed.map((c) => c.invoiceId)}::bigint[], ${changed.map((c) => c.original)}::bigint[]) as c (id, original)
    where i.id = c.id`;
  return changed.flatMap((c) => (c.original === null || !given.has(c.invoiceId) ? [] : [{ invoiceId: c.invoiceId, duplicateOf: c.original }]));
}

/**
 * Each invoice's current flag, the original it should point at, and the next copy received after it, if any.
 *
 * `issue_date + 0` keeps the issue-date sort index out of the lookups: on a table without statistics yet (the
 * first import of a new database, before autovacuum analyses it) every equality looks equally selective, and the
 * planner took the small (issue_date, id) index and filtered every invoice of that day, twice per imported invoice
 * (0.9 ms of PostgreSQL CPU per invoice at 1,200 invoices, growing with the table). The duplicate-key index is
 * then reached on seller VAT id and invoice number, which are nearly unique together.
 */
function duplicateFlags(db: Db, invoiceIds: number[]) {
  return db<{ invoiceId: number; duplicateOf: number | null; original: number | null; later: number | null }[]>`
    select i.id::int as invoice_id, i.duplicate_of::int, (
      select o.id from invoices o
      where o.seller_vat_id = i.seller_vat_id
        and o.invoice_number = i.invoice_number
        and o.issue_date + 0 = i.issue_date
        and o.payable_amount = i.payable_amount
        and o.document_id <> i.document_id
        and (o.received_at, o.id) < (i.received_at, i.id)
      order by o.received_at, o.id
      limit 1
    )::int as original, (
      select o.id from invoices o
      where o.seller_vat_id = i.seller_vat_id
        and o.invoice_number = i.invoice_number
        and o.issue_date + 0 = i.issue_date
        and o.payable_amount = i.payable_amount
        and o.document_id <> i.document_id
        and (o.received_at, o.id) > (i.received_at, i.id)
      order by o.received_at, o.id
      limit 1
    )::int as later
    from invoices i
    where i.id = any(${invoiceIds}::bigint[])`;
}
