/*
 * Mark ready and Approve are held back while an invoice fails EN 16931 (a fatal finding), unless an AP Admin allowed
 * it with a reason. Until its validation has run, an invoice that visibly lacks mandatory content (no seller name,
 * no lines) is held back too: the policy of mandatory.ts, so that nothing kept only for the record is approved by
 * mistake. "Could not be validated" does not block: the panel says so, and the clerk decides.
 */
import type { Db } from '../db/connection';

export async function validationBlock(db: Db, invoiceId: number): Promise<string | null> {
  const [row] = await db<{ state: string; fatalCount: number; overridden: boolean; rules: string[] | null; sellerName: string | null; lines: number }[]>`
    select v.state, v.fatal_count, v.override_at is not null as overridden, i.seller_name,
           (select count(*)::int from invoice_lines l where l.invoice_id = i.id) as lines,
           (select array_agg(distinct f.rule_id order by f.rule_id) from invoice_validation_findings f
            where f.invoice_id = i.id and f.severity = 'fatal') as rules
    from invoices i join invoice_validations v on v.invoice_id = i.id
    where i.id = ${invoiceId}`;
  if (!row || row.overridden) return null;
  const allow = 'Ask the supplier for a corrected invoice, reject it, or have an AP Admin allow it with a reason';
  if (row.fatalCount > 0) {
    const rules = row.rules ?? [];
    const shown = rules.slice(0, 5).join(', ') + (rules.length > 5 ? ` and ${rules.length - 5} more` : '');
    return `it fails EN 16931 validation (${shown}). ${allow}`;
  }
  if (row.state === 'pending') {
    const missing = [!row.sellerName?.trim() && 'the seller name (BT-27)', row.lines === 0 && 'invoice lines (BG-25)'].filter(Boolean);
    if (missing.length > 0) return `it lacks ${missing.join(' and ')}, which EN 16931 makes mandatory. ${allow}`;
  }
  return null;
}
