/*
 * What the filtered list adds up to, per currency (credit notes count negative): the same
 * visibility and filters as the rows, summed in numeric by PostgreSQL, never in floats.
 * Like the status counts it has a time budget (LIST_COUNT_BUDGET_MS): a narrow filter no
 * index serves would read every invoice, and the page must not wait for a sum.
 */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { fewRowsPlans, withCustomPlans } from './custom-plans';
import { filterCondition, type Filters } from './filters';
import { SIGNED_TOTAL } from './total';
import { visibleInvoices } from './visibility';

export type CurrencySum = { currency: string | null; count: number; total: string };
/** null: the budget ran out before the sum did. */
export type ListSums = CurrencySum[] | null;

/**
 * `few`: a search the counts found to match a few thousand invoices at most (custom-plans.ts fewRowsPlans);
 * `among`: its matches, found by the counts (each tested again here).
 */
export async function listSums(sql: Sql, user: CurrentUser, f: Filters, budgetMs: number, opts: { few?: boolean; among?: number[] | null } = {}): Promise<ListSums> {
  try {
    return await withCustomPlans(sql, async (tx) => {
      if (opts.few) await fewRowsPlans(tx);
      return tx<CurrencySum[]>`
      select i.currency, count(*)::int as count,
             sum(${SIGNED_TOTAL(tx)})::text as total
      from invoices i
      where ${opts.among ? tx`i.id = any(${opts.among}::bigint[]) and` : tx``} ${visibleInvoices(tx, user)} and ${filterCondition(tx, f)}
      group by i.currency
      order by count(*) desc, i.currency`;
    }, { timeoutMs: budgetMs });
  } catch (error) {
    if ((error as { code?: string }).code !== '57014') throw error;
    return null;
  }
}
