import type postgres from 'postgres';
import type { Db } from '../db/connection';

export type GroupAction = 'created' | 'changed' | 'reordered' | 'deleted' | 'assigned' | 'unassigned';

export type GroupEvent = {
  id: number;
  groupId: number | null;
  groupName: string;
  actorName: string | null;
  action: GroupAction;
  details: Record<string, unknown>;
  at: Date;
};

export async function recordEvent(
  db: Db,
  event: { groupId: number; groupName: string; actorId: number; action: GroupAction; details?: Record<string, unknown> },
) {
  await db`
    insert into document_group_events (group_id, group_name, actor_id, action, details)
    values (${event.groupId}, ${event.groupName}, ${event.actorId}, ${event.action}, ${db.json((event.details ?? {}) as postgres.JSONValue)})`;
}

const select = (db: Db) => db`
  select e.id::int, e.group_id::int, e.group_name, e.action, e.details, e.at,
         case when u.id is null then null else u.first_name || ' ' || u.last_name end as actor_name
  from document_group_events e left join users u on u.id = e.actor_id`;

export const groupEvents = (db: Db, groupId: number) =>
  db<GroupEvent[]>`${select(db)} where e.group_id = ${groupId} order by e.at desc, e.id desc limit 200`;

export const recentEvents = (db: Db, limit = 20) => db<GroupEvent[]>`${select(db)} order by e.at desc, e.id desc limit ${limit}`;
