/*
 * A clerk's status tabs when no filter but the status is in use (her My Invoices as it opens, and
 * its next pages): straight from invoice_groups, whose (group_id, status, invoice_id) index holds
 * "her groups, this status" as one range, plus the invoices waiting for her approval outside her
 * groups. Her groups and each status are bound values, so PostgreSQL plans each range knowing them;
 * the general count (status-counts.ts) cannot: with the groups an InitPlan and the status a column of
 * unnest(), the planner merged every invoice of the status with invoice_groups (10 ms per view at
 * 5 × 10,000 Received invoices, bench/pages.ts; 0.5 ms this way). Same answer: an invoice's
 * invoice_groups row carries its status (migrations/0008) and the view's statuses are the ranges.
 */
import { waitingInvoiceIds } from '../approvals/waiting';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import type { Status } from './statuses';

export async function clerkStatusCounts(tx: Db, user: CurrentUser, statuses: Status[], cap: number): Promise<Map<Status, number>> {
  const groups = (await tx<{ id: string }[]>`select group_id::text as id from document_group_members where user_id = ${user.id}`).map((g) => g.id);
  const perStatus = statuses.map((status) => tx`
    select ${status}::text as status,
      (select count(*)::int from (select 1 from invoice_groups vg where vg.group_id = any(${groups}::bigint[]) and vg.status = ${status} limit ${cap + 1}) c)
      + (select count(*)::int from waiting w where w.status = ${status}) as n`);
  const rows = await tx<{ status: Status; n: number }[]>`
    with waiting as materialized (
      select vg.invoice_id, vg.status from invoice_groups vg
      where vg.invoice_id = any(${waitingInvoiceIds(tx, user)})
        and (vg.group_id is null or not vg.group_id = any(${groups}::bigint[]))
    )
    ${perStatus.slice(1).reduce((acc, q) => tx`${acc} union all ${q}`, perStatus[0]!)}`;
  return new Map(rows.map((r) => [r.status, r.n]));
}
