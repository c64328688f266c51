/*
 * Puts invoices into the first group (by priority) whose conditions they match, or none
 * (Unassigned: group_id null), in invoice_groups (migrations/0008), one row per invoice. One
 * statement per run: a CASE tries the compiled groups in order, once per invoice, and only
 * the assignments that change are written (fewer dead tuples, less WAL).
 *
 * Group changes take an exclusive transaction-level advisory lock and imports a shared
 * one. A group change therefore waits for imports in flight (so the reassignment job it
 * queues, which starts after it commits, sees their invoices), and an import never reads
 * groups that a concurrent change is about to replace.
 */
import type postgres from 'postgres';
import type { Db, Sql } from '../db/connection';
import { compileGroup, groupSubjects } from './compile';
import type { ConditionGroup } from './conditions';

const GROUPS_LOCK = 7_311_006; // arbitrary, constant: "apdesk document groups"

export type CompiledGroup = { id: number; predicate: postgres.Fragment };

export async function lockGroupsForChange(tx: Db) {
  await tx`select pg_advisory_xact_lock(${GROUPS_LOCK})`;
}

export async function compiledGroups(db: Db): Promise<CompiledGroup[]> {
  const groups = await db<{ id: number; conditions: ConditionGroup }[]>`
    select id::int, conditions from document_groups order by priority, id`;
  return groups.map((g) => ({ id: g.id, predicate: compileGroup(db, g.conditions) }));
}

/** CASE WHEN g1 THEN id1 WHEN g2 THEN id2 … END: the first matching group's id, else null. */
export function firstMatch(db: Db, groups: CompiledGroup[]): postgres.Fragment {
  if (groups.length === 0) return db`null::bigint`;
  const whens = groups.map((g) => db`when ${g.predicate} then ${g.id}::bigint`);
  return db`case ${whens.slice(1).reduce((acc, w) => db`${acc} ${w}`, whens[0]!)} end`;
}

/**
 * For statements that evaluate groups over every invoice, in the caller's transaction. JIT
 * compiling the CASE (hundreds of functions at 50 groups) costs far more than it saves:
 * at a million invoices the CASE took 3.2 s without JIT and 14 s with it (10 s compiling).
 * A custom plan folds lower('typed value') into a constant instead of lowering it per row.
 */
export const forWholeTable = (tx: Db) =>
  tx`select set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true)`;

/*
 * `wanted` is materialized so the CASE runs once per invoice. `changed` compares it with the
 * current rows (a full join):
 * - an invoice without a row gets one (with its company and received time, migrations/0035 and 0038): a plain insert, as nothing else creates rows for
 *   invoices this statement can see (an import only for its own, still invisible ones);
 * - an invoice whose group differs gets the new group: group_id only, status belongs to the
 *   status trigger (migrations/0008);
 * - a row whose invoice is gone is deleted.
 * `ids` narrows both sides to an import batch (index scans); null means every invoice.
 * Statuses are lower-case keys (invoices_status_known): the subject's status is the stored one.
 */
async function assign(tx: Db, ids: number[] | null): Promise<number> {
  const target = firstMatch(tx, await compiledGroups(tx));
  const invoices = ids ? tx`i.id = any(${ids}::bigint[])` : tx`true`;
  const current = ids ? tx`invoice_id = any(${ids}::bigint[])` : tx`true`;
  const [row] = await tx<{ changed: number }[]>`
    with wanted as materialized (
      select i.id as invoice_id, ${target} as group_id, i.status, i.company_id, i.received_at from ${groupSubjects(tx, invoices)}
    ), changed as (
      select coalesce(w.invoice_id, a.invoice_id) as invoice_id, w.group_id, w.status, w.company_id, w.received_at,
             case when a.invoice_id is null then 'new' when w.invoice_id is null then 'gone' else 'moved' end as change
      from wanted w full join (select invoice_id, group_id from invoice_groups where ${current}) a on a.invoice_id = w.invoice_id
      where a.invoice_id is null or w.invoice_id is null or w.group_id is distinct from a.group_id
    ), added as (
      insert into invoice_groups (invoice_id, group_id, status, company_id, received_at)
      select invoice_id, group_id, status, company_id, received_at from changed where change = 'new'
      returning 1
    ), moved as (
      update invoice_groups a set group_id = c.group_id from changed c
      where a.invoice_id = c.invoice_id and c.change = 'moved'
      returning 1
    ), removed as (
      delete from invoice_groups a using changed c
      where a.invoice_id = c.invoice_id and c.change = 'gone'
      returning 1
    )
    select ((select count(*) from added) + (select count(*) from moved) + (select count(*) from removed))::int as changed`;
  return row!.changed;
}

/** Reassigns every invoice; run by the document_groups__assign job after any group change. */
export const reassignAllInvoices = (sql: Sql): Promise<number> =>
  sql.begin(async (tx) => {
    await forWholeTable(tx);
    return assign(tx, null);
  }) as Promise<number>;

/** Assigns freshly imported invoices, inside the import transaction. */
export async function assignImportedInvoices(tx: Db, invoiceIds: number[]): Promise<number> {
  if (invoiceIds.length === 0) return 0;
  await tx`select pg_advisory_xact_lock_shared(${GROUPS_LOCK})`;
  return assign(tx, invoiceIds);
}
