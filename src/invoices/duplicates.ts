import type { Db } from '../db/connection';

export type PossibleDuplicate = { invoiceId: number; duplicateOf: number };

/**
 * Points each given invoice at the earliest-received invoice of another document with the
 * same seller VAT id, invoice number, issue date and payable amount (numeric equality, so
 * 100.0 = 100.00), or clears the flag when there is none. Invoices without a VAT id or a
 * payable amount are never flagged. The lookup is one indexed probe per invoice; only flags
 * that change are written, in a second statement (the common case, no duplicate, has none).
 * Returns the changed flags.
 */
export async function flagDuplicates(db: Db, invoiceIds: number[]): Promise<PossibleDuplicate[]> {
  if (invoiceIds.length === 0) return [];
  const found = await db<{ invoiceId: number; duplicateOf: number | null; original: number | null }[]>`
    select i.id::int as invoice_id, i.duplicate_of::int, (
      select o.id from invoices o
      where o.seller_vat_id = i.seller_vat_id
        and o.invoice_number = i.invoice_number
        and o.issue_date = i.issue_date
        and o.payable_amount = i.payable_amount
        and o.document_id <> i.document_id
        and (o.received_at, o.id) < (i.received_at, i.id)
      order by o.received_at, o.id
      limit 1
    )::int as original
    from invoices i
    where i.id = any(${invoiceIds}::bigint[])`;
  const changed = found.filter((row) => row.duplicateOf !== row.original);
  if (changed.length === 0) return [];
  await db`
    update invoices i set duplicate_of = c.original
    from unnest(${changed.map((c) => c.invoiceId)}::bigint[], ${changed.map((c) => c.original)}::bigint[]) as c (id, original)
    where i.id = c.id`;
  return changed.flatMap((c) => (c.original === null ? [] : [{ invoiceId: c.invoiceId, duplicateOf: c.original }]));
}
