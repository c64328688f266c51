/*
 * The dashboard as a work list (issue 18): what waits for this user's action, by status in
 * workflow order; what is payable by due date (overdue, 0–7, 8–30 days, later) with amounts
 * per currency (the touchless rate is src/coding/touchless.ts). Every number goes through visibleInvoices, so a tile
 * never counts what its link would not show. Sums are numeric in PostgreSQL, never floats.
 */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { withCustomPlans } from '../invoices/custom-plans';
import { parseFilters } from '../invoices/filters';
import { statusCounts, type StatusCount } from '../invoices/status-counts';
import { actionsFor } from '../invoices/transitions';
import type { Status } from '../invoices/statuses';
import { visibleInvoices } from '../invoices/visibility';

/** Workflow order: what comes first in an invoice's life comes first on the list. */
export const WORKFLOW_ORDER: Status[] = ['received', 'in_review', 'ready', 'approved', 'export_failed', 'on_hold', 'rejected'];

export async function awaitingAction(sql: Sql, user: CurrentUser, budgetMs: number): Promise<StatusCount[]> {
  const counts = await statusCounts(sql, user, parseFilters({}, 'open').filters, budgetMs);
  const order = (s: string) => (WORKFLOW_ORDER.indexOf(s as Status) + 100) % 100;
  return counts.filter((c) => actionsFor(user, c.status).length > 0).sort((a, b) => order(a.status) - order(b.status));
}

export const BUCKETS = ['overdue', 'week', 'month', 'later'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type BucketSum = { bucket: Bucket; currency: string | null; count: number; total: string };

/** Open invoices still to pay (not rejected) by due date from the reader's today; null past the budget. */
export async function payablesByDue(sql: Sql, user: CurrentUser, today: string, budgetMs: number): Promise<BucketSum[] | null> {
  try {
    return await withCustomPlans(sql, (tx) => tx<BucketSum[]>`
      select case when i.due_date < ${today}::date then 'overdue'
                  when i.due_date <= ${today}::date + 7 then 'week'
                  when i.due_date <= ${today}::date + 30 then 'month'
                  else 'later' end as bucket,
             i.currency, count(*)::int as count,
             sum(case when i.document_type = 'credit_note' then -abs(coalesce(i.payable_amount, i.tax_inclusive_amount, 0))
                      else coalesce(i.payable_amount, i.tax_inclusive_amount, 0) end)::text as total
      from invoices i
      where i.status = any(${['received', 'in_review', 'ready', 'approved', 'on_hold', 'export_failed']}::text[])
        and i.due_date is not null and ${visibleInvoices(tx, user)}
      group by 1, 2
      order by 1, count(*) desc, 2`, { timeoutMs: budgetMs === 0 ? 0 : budgetMs * 10 });
  } catch (error) {
    if ((error as { code?: string }).code !== '57014') throw error;
    return null;
  }
}

