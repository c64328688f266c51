/*
 * While a group is edited: how many invoices its conditions match now, and how many would
 * end up in it once the groups above it (by priority) have taken theirs. A new group goes
 * last, so every existing group is above it.
 */
import type { Sql } from '../db/connection';
import { compiledGroups, forWholeTable } from './assign';
import { compileGroup, groupSubjects } from './compile';
import type { ConditionGroup } from './conditions';

export type Preview = { matches: number; wouldBelong: number; fromOtherGroups: number; fromUnassigned: number; wouldLeave: number };

/** One pass over every invoice; OFFSET 0 has each invoice's predicates evaluated once, not once per count. */
export async function previewGroup(sql: Sql, conditions: ConditionGroup, groupId: number | null): Promise<Preview> {
  return sql.begin(async (tx) => {
    await forWholeTable(tx);
    const groups = await compiledGroups(tx);
    const at = groupId === null ? -1 : groups.findIndex((g) => g.id === groupId);
    const above = at < 0 ? groups.filter((g) => g.id !== groupId) : groups.slice(0, at);
    const taken = above.reduce((acc, g) => tx`${acc} or ${g.predicate}`, tx`false`);
    const id = groupId ?? 0;
    const [row] = await tx<Preview[]>`
      select count(*) filter (where m.matches)::int as matches,
             count(*) filter (where m.wins)::int as would_belong,
             count(*) filter (where m.wins and m.current <> ${id})::int as from_other_groups,
             count(*) filter (where m.wins and m.current is null)::int as from_unassigned,
             count(*) filter (where not m.wins and m.current = ${id})::int as would_leave
      from (
        select a.group_id as current, p.matches, p.matches and not (${taken}) as wins
        from ${groupSubjects(tx, tx`true`)} left join invoice_groups a on a.invoice_id = i.id,
             lateral (select ${compileGroup(tx, conditions)} as matches) p
        offset 0
      ) m`;
    return row!;
  }) as Promise<Preview>;
}
