/*
 * Document groups and their priority. Every write takes the groups lock (see assign.ts),
 * records an audit event and queues the reassignment, all in the caller's transaction.
 */
import type postgres from 'postgres';
import type { Db } from '../db/connection';
import { lockGroupsForChange } from './assign';
import { recordEvent } from './audit';
import type { ConditionGroup } from './conditions';
import { queueReassignment } from './queue';

export type GroupSummary = { id: number; name: string; position: number; memberCount: number; invoiceCount: number };
export type GroupRow = { id: number; name: string; priority: number; position: number; conditions: ConditionGroup; createdAt: Date; updatedAt: Date };

export const listGroups = (db: Db) => db<GroupSummary[]>`
  select g.id::int, g.name, (row_number() over (order by g.priority, g.id))::int as position,
         (select count(*) from document_group_members m where m.group_id = g.id)::int as member_count,
         (select count(*) from invoice_groups a where a.group_id = g.id)::int as invoice_count
  from document_groups g
  order by g.priority, g.id`;

export const unassignedCount = async (db: Db) =>
  (await db<{ n: number }[]>`
    select count(*)::int as n from invoices i where not exists (select 1 from invoice_groups a where a.invoice_id = i.id and a.group_id is not null)`)[0]!.n;

export async function findGroup(db: Db, id: number) {
  const [group]: [GroupRow?] = await db`
    select * from (
      select id::int, name, priority, conditions, created_at, updated_at,
             (row_number() over (order by priority, id))::int as position
      from document_groups) g
    where id = ${id}`;
  return group;
}

type Change = { actorId: number };

export async function createGroup(tx: Db, input: { name: string; conditions: ConditionGroup } & Change): Promise<number> {
  await lockGroupsForChange(tx);
  const [row] = await tx<{ id: number }[]>`
    insert into document_groups (name, priority, conditions, created_by)
    values (${input.name}, (select coalesce(max(priority), 0) + 1 from document_groups), ${tx.json(json(input.conditions))}, ${input.actorId})
    returning id::int`;
  await recordEvent(tx, { groupId: row!.id, groupName: input.name, actorId: input.actorId, action: 'created', details: { conditions: input.conditions } });
  await queueReassignment(tx);
  return row!.id;
}

export async function updateGroup(tx: Db, id: number, input: { name: string; conditions: ConditionGroup } & Change) {
  await lockGroupsForChange(tx);
  const [before]: [{ name: string; conditions: ConditionGroup }?] = await tx`select name, conditions from document_groups where id = ${id} for update`;
  if (!before) return false;
  await tx`update document_groups set name = ${input.name}, conditions = ${tx.json(json(input.conditions))}, updated_at = now() where id = ${id}`;
  const details = { ...(before.name !== input.name && { renamedFrom: before.name }), conditions: input.conditions, previousConditions: before.conditions };
  await recordEvent(tx, { groupId: id, groupName: input.name, actorId: input.actorId, action: 'changed', details });
  await queueReassignment(tx);
  return true;
}

export async function deleteGroup(tx: Db, id: number, { actorId }: Change) {
  await lockGroupsForChange(tx);
  const [gone]: [{ name: string; conditions: ConditionGroup }?] = await tx`select name, conditions from document_groups where id = ${id} for update`;
  if (!gone) return undefined;
  // recorded first: the event's group_id is set null by the delete, its name stays
  await recordEvent(tx, { groupId: id, groupName: gone.name, actorId, action: 'deleted', details: { conditions: gone.conditions } });
  await tx`delete from document_groups where id = ${id}`;
  await queueReassignment(tx);
  return gone.name;
}

/** Moves one group a place up or down (the buttons that work without JavaScript). */
export async function moveGroup(tx: Db, id: number, direction: 'up' | 'down', change: Change) {
  const order = (await currentOrder(tx)).map((g) => g.id);
  const at = order.indexOf(id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= order.length) return false;
  [order[at], order[to]] = [order[to]!, order[at]!];
  return reorderGroups(tx, order, change);
}

/**
 * Applies a complete new order (drag and drop). Ids that are not groups are ignored and
 * groups missing from the list keep their relative order after the ones given.
 */
export async function reorderGroups(tx: Db, ids: number[], { actorId }: Change) {
  await lockGroupsForChange(tx);
  const current = await currentOrder(tx);
  const known = new Set(current.map((g) => g.id));
  const given = [...new Set(ids.filter((id) => known.has(id)))];
  const order = [...given, ...current.map((g) => g.id).filter((id) => !given.includes(id))];
  const moved = current.filter((g, from) => order.indexOf(g.id) !== from);
  if (moved.length === 0) return false;
  await tx`
    update document_groups g set priority = o.position
    from unnest(${order}::bigint[]) with ordinality as o(id, position)
    where g.id = o.id`;
  for (const g of moved) {
    const details = { from: current.indexOf(g) + 1, to: order.indexOf(g.id) + 1 };
    await recordEvent(tx, { groupId: g.id, groupName: g.name, actorId, action: 'reordered', details });
  }
  await queueReassignment(tx);
  return true;
}

const currentOrder = (db: Db) =>
  db<{ id: number; name: string }[]>`select id::int, name from document_groups order by priority, id for update`;

const json = (conditions: ConditionGroup) => conditions as unknown as postgres.JSONValue;

export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
