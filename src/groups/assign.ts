/*
 * Puts invoices into the first group (by priority) whose conditions they match, or none
 * (Unassigned), with one UPDATE over the whole set: a CASE tries the compiled groups in
 * order, and only rows whose group changes are written (fewer dead tuples, less WAL).
 *
 * Group changes take an exclusive transaction-level advisory lock and imports a shared
 * one. A group change therefore waits for imports in flight (so the reassignment job it
 * queues, which starts after it commits, sees their invoices), and an import never reads
 * groups that a concurrent change is about to replace.
 */
import type postgres from 'postgres';
import type { Db } from '../db/connection';
import { compileGroup } from './compile';
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

/*
 * A single-table UPDATE (no self-join): the CASE is evaluated in the WHERE for every row in
 * scope and again in the SET for the few that change. An import batch is then an index
 * scan on the ids, and a full run one sequential scan.
 */
async function assignWhere(db: Db, scope: postgres.Fragment): Promise<number> {
  const target = firstMatch(db, await compiledGroups(db));
  const result = await db`
    update invoices i set document_group_id = ${target}
    where ${scope} and i.document_group_id is distinct from ${target}`;
  return result.count;
}

/** Reassigns every invoice; run by the document_groups__assign job after any group change. */
export const reassignAllInvoices = (db: Db) => assignWhere(db, db`true`);

/** Assigns freshly imported invoices, inside the import transaction. */
export async function assignImportedInvoices(tx: Db, invoiceIds: number[]): Promise<number> {
  if (invoiceIds.length === 0) return 0;
  await tx`select pg_advisory_xact_lock_shared(${GROUPS_LOCK})`;
  return assignWhere(tx, tx`i.id = any(${invoiceIds}::bigint[])`);
}
