/*
 * An invoice is Ready when every line is coded (each part carries the fields its company
 * requires) and, when it names an order, every line matched its PO within tolerance.
 * Received and In review invoices that get there move to Ready by themselves; a Ready
 * invoice that no longer is (a line uncoded, a receipt undone) goes back to In review.
 * Later statuses (Approved, Exported, On hold, …) are never touched here.
 *
 * Each move is written to invoice_events with no actor (apdesk did it) and a reason.
 */
import { startApproval } from '../approvals/chain';
import type { Db } from '../db/connection';

export type ReadinessChange = { id: number; from: string; to: 'ready' | 'in_review' };

export async function refreshReadiness(db: Db, invoiceIds: number[]): Promise<ReadinessChange[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await db<{ id: number; status: string; complete: boolean }[]>`
    select i.id::int, i.status,
      exists (select 1 from invoice_lines l where l.invoice_id = i.id)
      -- EN 16931 (src/validation/gate.ts): no seller name, or a fatal finding not allowed by an AP Admin, is never Ready by itself
      and nullif(btrim(i.seller_name), '') is not null
      and not exists (select 1 from invoice_validations v where v.invoice_id = i.id and v.fatal_count > 0 and v.override_at is null)
      and not exists (
        select 1 from invoice_lines l
        where l.invoice_id = i.id and (
          not exists (select 1 from invoice_line_codings c where c.invoice_line_id = l.id)
          or exists (select 1 from invoice_line_codings c where c.invoice_line_id = l.id and (
               (coalesce(s.require_gl_account, true) and c.gl_account_id is null)
               or (coalesce(s.require_cost_centre, false) and c.cost_centre_id is null)
               or (coalesce(s.require_tax_code, false) and c.tax_code_id is null)))
          or (i.document_type = 'invoice' and nullif(btrim(i.order_reference), '') is not null
              and not exists (select 1 from invoice_line_matches m where m.invoice_line_id = l.id and m.outcome = 'matched')))
      ) as complete
    from invoices i
    left join company_coding_settings s on s.company_id = i.company_id
    where i.id = any(${invoiceIds}::bigint[]) and i.status in ('received', 'in_review', 'ready')`;
  const promote = rows.filter((r) => r.complete && r.status !== 'ready');
  const demote = rows.filter((r) => !r.complete && r.status === 'ready');
  if (promote.length) {
    const ids = promote.map((r) => r.id);
    await db`update invoices set status = 'ready', status_changed_at = now() where id = any(${ids}::bigint[])`;
    await db`
      insert into invoice_automation (invoice_id, ready_at, ready_touchless)
      select id, now(), true from unnest(${ids}::bigint[]) as id
      on conflict (invoice_id) do update set ready_at = now(), ready_touchless = invoice_automation.human_edited_at is null`;
  }
  if (demote.length) await db`update invoices set status = 'in_review', status_changed_at = now() where id = any(${demote.map((r) => r.id)}::bigint[])`;
  const changes = [
    ...promote.map((r) => ({ id: r.id, from: r.status, to: 'ready' as const })),
    ...demote.map((r) => ({ id: r.id, from: r.status, to: 'in_review' as const })),
  ];
  if (changes.length) {
    await db`
      insert into invoice_events (invoice_id, action, from_status, to_status, reason)
      select * from unnest(${changes.map((c) => c.id)}::bigint[], ${changes.map(() => 'status')}::text[], ${changes.map((c) => c.from)}::text[],
                           ${changes.map((c) => c.to)}::text[], ${changes.map((c) => REASONS[c.to])}::text[])`;
  }
  // Reaching Ready starts the invoice's approval chain (src/approvals), in this transaction.
  for (const r of promote) await startApproval(db, r.id, null);
  return changes;
}

const REASONS = {
  ready: 'All lines coded and, where there is an order, matched within tolerance.',
  in_review: 'No longer fully coded and matched.',
};

/** The automatic move in words, for the flash that tells the user it happened ("All lines coded and matched → Ready"). */
export function readinessMessage(changes: ReadinessChange[]): string | null {
  const change = changes[0];
  if (!change) return null;
  return change.to === 'ready'
    ? 'All lines coded and matched → Ready (apdesk moved it; see History).'
    : 'No longer fully coded and matched → back to In review (apdesk moved it; see History).';
}
