/*
 * List queries run with plan_cache_mode = force_custom_plan. postgres.js prepares every
 * statement, and after five runs PostgreSQL may switch to a generic plan that ignores the
 * values: for "currency = $2 and issue_date >= $5 …" that plan bitmap-scans half the table
 * (870 ms at a million invoices, against 4 ms planned with the values). Re-planning costs
 * about a millisecond; the setting is local to the transaction.
 */
import type { Sql, Db } from '../db/connection';

export function withCustomPlans<T>(sql: Sql, work: (tx: Db) => Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('plan_cache_mode', 'force_custom_plan', true), set_config('statement_timeout', ${String(opts.timeoutMs ?? 0)}, true)`;
    return work(tx);
  }) as Promise<T>;
}

/**
 * For a statement over a set known to be small (a few thousand invoices at most, from the capped
 * counts): nested loops only. The trigram statistics make PostgreSQL expect a search to match much
 * of the table, so it hashes all of a clerk's invoice_groups rows (10,000 at 5 × 10,000 invoices)
 * to test the visibility of a hundred matches; probing each match's row is 2 ms against 20.
 */
export async function fewRowsPlans(tx: Db) {
  await tx`select set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`;
}
