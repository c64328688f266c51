import type { Db } from '../db/connection';

export type PossibleDuplicate = { invoiceId: number; duplicateOf: number };

/**
 * Points each given invoice at the earliest-received invoice of another document with the
 * same seller VAT id, invoice number, issue date and payable amount (numeric equality, so
 * 100.0 = 100.00), or clears the flag when there is none. Invoices without a VAT id or a
 * payable amount are never flagged. Only rows whose flag changes are written, so the common
 * case (no duplicate) costs one indexed lookup and no update. Returns the changed flags.
 */
export async function flagDuplicates(db: Db, invoiceIds: number[]): Promise<PossibleDuplicate[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db<{ invoiceId: number; duplicateOf: number | null }[]>`
    with found as (
      select i.id, (
        select o.id from invoices o
        where o.seller_vat_id = i.seller_vat_id
          and o.invoice_number = i.invoice_number
          and o.issue_date = i.issue_date
          and o.payable_amount = i.payable_amount
          and o.document_id <> i.document_id
          and (o.received_at, o.id) < (i.received_at, i.id)
        order by o.received_at, o.id
        limit 1
      ) as original
      from invoices i
      where i.id = any(${invoiceIds}::bigint[])
    )
    update invoices i set duplicate_of = found.original
    from found
    where i.id = found.id and i.duplicate_of is distinct from found.original
    returning i.id::int as invoice_id, i.duplicate_of::int`;
  return rows.filter((r): r is PossibleDuplicate => r.duplicateOf !== null);
}
