/* Which users see which groups. Only user admins call these (the routes check it). */
import type { Db } from '../db/connection';
import { recordEvent } from './audit';

export type Member = { id: number; name: string; email: string; active: boolean };
export type GroupOption = { id: number; name: string };

export const groupMembers = (db: Db, groupId: number) => db<Member[]>`
  select u.id::int, u.first_name || ' ' || u.last_name as name, u.email, u.active
  from document_group_members m join users u on u.id = m.user_id
  where m.group_id = ${groupId}
  order by lower(u.last_name), lower(u.first_name)`;

export const usersNotInGroup = (db: Db, groupId: number) => db<Member[]>`
  select u.id::int, u.first_name || ' ' || u.last_name as name, u.email, u.active
  from users u
  where u.active and not exists (select 1 from document_group_members m where m.group_id = ${groupId} and m.user_id = u.id)
  order by lower(u.last_name), lower(u.first_name)`;

export const allGroupOptions = (db: Db) => db<GroupOption[]>`select id::int, name from document_groups order by priority, id`;

export const groupsOfUser = async (db: Db, userId: number) =>
  (await db<{ groupId: number }[]>`select group_id::int from document_group_members where user_id = ${userId}`).map((r) => r.groupId);

type Names = { groupName: string; userName: string };

async function names(db: Db, groupId: number, userId: number): Promise<Names | undefined> {
  const [row]: [Names?] = await db`
    select g.name as group_name, u.first_name || ' ' || u.last_name as user_name
    from document_groups g, users u where g.id = ${groupId} and u.id = ${userId}`;
  return row;
}

export async function assignUser(db: Db, groupId: number, userId: number, actorId: number): Promise<boolean> {
  const found = await names(db, groupId, userId);
  if (!found) return false;
  const added = await db`
    insert into document_group_members (group_id, user_id, assigned_by) values (${groupId}, ${userId}, ${actorId})
    on conflict do nothing`;
  if (added.count > 0) await recordEvent(db, { groupId, groupName: found.groupName, actorId, action: 'assigned', details: { userId, user: found.userName } });
  return true;
}

export async function unassignUser(db: Db, groupId: number, userId: number, actorId: number): Promise<boolean> {
  const found = await names(db, groupId, userId);
  if (!found) return false;
  const removed = await db`delete from document_group_members where group_id = ${groupId} and user_id = ${userId}`;
  if (removed.count > 0) await recordEvent(db, { groupId, groupName: found.groupName, actorId, action: 'unassigned', details: { userId, user: found.userName } });
  return true;
}

/** The user page's checkboxes: the user ends up in exactly `groupIds`. */
export async function setGroupsOfUser(tx: Db, userId: number, groupIds: number[], actorId: number) {
  const current = new Set(await groupsOfUser(tx, userId));
  const wanted = new Set(groupIds);
  for (const id of wanted) if (!current.has(id)) await assignUser(tx, id, userId, actorId);
  for (const id of current) if (!wanted.has(id)) await unassignUser(tx, id, userId, actorId);
}
