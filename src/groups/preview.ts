/*
 * While a group is edited: how many invoices its conditions match now, and how many would
 * end up in it once the groups above it (by priority) have taken theirs. A new group goes
 * last, so every existing group is above it.
 */
import type { Db } from '../db/connection';
import { compiledGroups } from './assign';
import { compileGroup } from './compile';
import type { ConditionGroup } from './conditions';

export type Preview = { matches: number; wouldBelong: number; fromOtherGroups: number; fromUnassigned: number; wouldLeave: number };

export async function previewGroup(db: Db, conditions: ConditionGroup, groupId: number | null): Promise<Preview> {
  const groups = await compiledGroups(db);
  const at = groupId === null ? -1 : groups.findIndex((g) => g.id === groupId);
  const above = at < 0 ? groups.filter((g) => g.id !== groupId) : groups.slice(0, at);
  const taken = above.reduce((acc, g) => db`${acc} or ${g.predicate}`, db`false`);
  const id = groupId ?? 0;
  const [row] = await db<Preview[]>`
    select count(*) filter (where m.matches)::int as matches,
           count(*) filter (where m.wins)::int as would_belong,
           count(*) filter (where m.wins and m.document_group_id <> ${id})::int as from_other_groups,
           count(*) filter (where m.wins and m.document_group_id is null)::int as from_unassigned,
           count(*) filter (where not m.wins and m.document_group_id = ${id})::int as would_leave
    from (
      select i.document_group_id, p.matches, p.matches and not (${taken}) as wins
      from invoices i, lateral (select ${compileGroup(db, conditions)} as matches) p
    ) m`;
  return row!;
}
