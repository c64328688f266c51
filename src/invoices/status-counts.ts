/*
 * How many invoices of each status the current view holds: visible to the user, with every
 * filter but the status one. Two bounds keep this off the critical path at a million rows:
 * counting stops at COUNT_CAP per status ("1,000+": the tabs say how much work waits, not
 * an inventory), and the whole count gets COUNT_BUDGET_MS (LIST_COUNT_BUDGET_MS). Each status is one capped scan of
 * a status index, cheap when matches are plentiful; a narrow filter that no index serves
 * (say a currency plus an amount range) would read every invoice of every status, so past
 * the budget the tabs show no numbers rather than hold up the page.
 */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { fewRowsPlans, withCustomPlans } from './custom-plans';
import { seesAllDocuments } from '../auth/roles';
import { clerkStatusCounts } from './clerk-counts';
import { filterCondition, isFiltered, type Filters } from './filters';
import { statusesOf, type Status } from './statuses';
import { visibleInvoices } from './visibility';

export const COUNT_CAP = 1000;
export const COUNT_BUDGET_MS = 30;

export type StatusCount = { status: Status; count: number | null; capped: boolean };
/** matched: every invoice a text search matches in the view, when they are COUNT_CAP at most (the page and the sums then start from them). */
export type Counted = { counts: StatusCount[]; matched: number[] | null };

export async function statusCounts(sql: Sql, user: CurrentUser, f: Filters, budgetMs = COUNT_BUDGET_MS): Promise<StatusCount[]> {
  return (await countStatuses(sql, user, f, budgetMs)).counts;
}

export async function countStatuses(sql: Sql, user: CurrentUser, f: Filters, budgetMs = COUNT_BUDGET_MS): Promise<Counted> {
  const counted = (counts: StatusCount[], matched: number[] | null = null) => ({ counts, matched });
  const statuses = statusesOf(f.view) as Status[];
  const started = performance.now();
  // what is left of the budget (0: none was set)
  const left = () => (budgetMs === 0 ? 0 : Math.max(1, Math.round(budgetMs - (performance.now() - started))));
  try {
    if (!seesAllDocuments(user) && !isFiltered({ ...f, status: null })) {
      const clerks = await withCustomPlans(sql, (tx) => clerkStatusCounts(tx, user, statuses, COUNT_CAP), { timeoutMs: budgetMs });
      return counted(statuses.map((status) => {
        const n = clerks.get(status) ?? 0;
        return { status, count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
      }));
    }
    if (f.q || f.supplier) {
      // A text search is served by the trigram indexes and usually matches few invoices: one scan of the
      // matches, grouped, answers every tab when they are no more than COUNT_CAP (7 scans of the same
      // index otherwise: 48 ms against 6 ms for a search at 50,000 invoices). Past the cap, the capped counts below.
      // The matches' ids come back too (only when they are few): the page and the sums start from them
      // instead of searching twice more.
      const few = await withCustomPlans(sql, async (tx) => {
        await fewRowsPlans(tx); // each match is probed, until COUNT_CAP + 1 visible ones (or the budget) end it
        return tx<{ status: Status; n: number; ids: number[] | null }[]>`
          with m as materialized (
            select i.id, i.status from invoices i
            where i.status = any(${statuses as string[]}::text[]) and ${visibleInvoices(tx, user)} and ${filterCondition(tx, f, { withStatus: false })}
            limit ${COUNT_CAP + 1})
          select m.status, count(*)::int as n, case when (select count(*) from m) <= ${COUNT_CAP} then array_agg(m.id::int) end as ids
          from m group by m.status`;
      }, { timeoutMs: budgetMs });
      if (few.reduce((n, r) => n + r.n, 0) <= COUNT_CAP) {
        const byStatus = new Map(few.map((r) => [r.status, r.n]));
        return counted(statuses.map((status) => ({ status, count: byStatus.get(status) ?? 0, capped: false })), few.flatMap((r) => r.ids ?? []));
      }
    }
    const rows = await withCustomPlans(sql, async (tx) => {
      // A group member's (or a group filter's) count meets invoice_groups on the invoice id. Not knowing
      // the member groups when it plans, PostgreSQL would hash every invoice of the status for each one
      // (340 ms at a million invoices); merging the two id-ordered index ranges takes 20 ms.
      await tx`select set_config('enable_hashjoin', 'off', true)`;
      // Each status a bound value (as in clerk-counts.ts): planned knowing it, a status with no invoices is one
      // index probe. As a column of unnest() PostgreSQL planned every status as if it held them all, and a broad
      // supplier filter read the whole table once per status (past the budget at 5 × 10,000 Received invoices).
      const perStatus = statuses.map((status) => tx`
        select ${status}::text as status, (
          select count(*)::int from (
            select 1 from invoices i
            where i.status = ${status} and ${visibleInvoices(tx, user)} and ${filterCondition(tx, f, { withStatus: false })}
            limit ${COUNT_CAP + 1}) capped
        ) as n`);
      return tx<{ status: Status; n: number }[]>`${perStatus.slice(1).reduce((acc, q) => tx`${acc} union all ${q}`, perStatus[0]!)}`;
    }, { timeoutMs: left() });
    const byStatus = new Map(rows.map((r) => [r.status, r.n]));
    return counted(statuses.map((status) => {
      const n = byStatus.get(status) ?? 0;
      return { status, count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
    }));
  } catch (error) {
    if ((error as { code?: string }).code !== '57014') throw error;
    return counted(statuses.map((status) => ({ status, count: null, capped: false })));
  }
}
