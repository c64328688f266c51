/*
 * Before a priority change is saved: how many invoices each affected group would gain or lose
 * (issue 18: a catch-all moved above another group silently took its invoices). One pass over
 * every invoice evaluates the first matching group under the current order and under the new
 * one; only invoices whose group would change are counted, per (from, to) pair.
 */
import type { Sql } from '../db/connection';
import { compiledGroups, firstMatch, forWholeTable } from './assign';
import { groupSubjects } from './compile';

export type Move = { from: number | null; to: number | null; count: number };
export type GroupChange = { id: number | null; name: string; gains: number; loses: number; from: Move[]; to: Move[] };
export type PriorityPreview = { order: { id: number; name: string }[]; changes: GroupChange[]; moves: Move[] };

export async function previewPriority(sql: Sql, wanted: number[]): Promise<PriorityPreview> {
  return sql.begin(async (tx) => {
    await forWholeTable(tx);
    const groups = await compiledGroups(tx);
    const names = new Map((await tx<{ id: number; name: string }[]>`select id::int, name from document_groups`).map((g) => [g.id, g.name]));
    const known = new Set(groups.map((g) => g.id));
    const given = [...new Set(wanted.filter((id) => known.has(id)))];
    const orderIds = [...given, ...groups.map((g) => g.id).filter((id) => !given.includes(id))];
    const reordered = orderIds.map((id) => groups.find((g) => g.id === id)!);
    const moves = await tx<Move[]>`
      select m.before::int as from, m.after::int as to, count(*)::int as count
      from (
        select ${firstMatch(tx, groups)} as before, ${firstMatch(tx, reordered)} as after
        from ${groupSubjects(tx, tx`true`)}
        offset 0
      ) m
      where m.before is distinct from m.after
      group by 1, 2 order by 3 desc`;
    const nameOf = (id: number | null) => (id === null ? 'Unassigned' : names.get(id) ?? `#${id}`);
    const affected = [...new Set(moves.flatMap((m) => [m.from, m.to]))];
    const changes = affected.map((id) => {
      const into = moves.filter((m) => m.to === id);
      const out = moves.filter((m) => m.from === id);
      return { id, name: nameOf(id), gains: into.reduce((n, m) => n + m.count, 0), loses: out.reduce((n, m) => n + m.count, 0), from: into, to: out };
    });
    const rank = (id: number | null) => (id === null ? Number.MAX_SAFE_INTEGER : orderIds.indexOf(id));
    changes.sort((a, b) => rank(a.id) - rank(b.id));
    return { order: orderIds.map((id) => ({ id, name: nameOf(id) })), changes, moves };
  }) as Promise<PriorityPreview>;
}

/** The order after moving one group a place up or down (the arrows). */
export function movedOrder(current: number[], id: number, direction: 'up' | 'down'): number[] | null {
  const order = [...current];
  const at = order.indexOf(id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= order.length) return null;
  [order[at], order[to]] = [order[to]!, order[at]!];
  return order;
}
