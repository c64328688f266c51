/*
 * Approval policies: an ordered list of rules, first match wins, the default rule last.
 * Every change is written to approval_audit in the same transaction.
 */
import type { Db } from '../db/connection';
import type { Role } from '../http/context';
import type { RuleGroup } from './conditions';

export type Step =
  | { kind: 'user'; userId: number }
  | { kind: 'role'; roles: Role[]; count: number }
  | { kind: 'cost_centre_owner' };

export type Rule = { id: number; name: string; position: number; conditions: RuleGroup | null; steps: Step[]; isDefault: boolean; updatedAt: Date };

export const listRules = (db: Db) =>
  db<Rule[]>`select id::int, name, position, conditions, steps, is_default, updated_at from approval_rules order by is_default, position, id`;

export async function findRule(db: Db, id: number): Promise<Rule | undefined> {
  const [row]: [Rule?] = await db`select id::int, name, position, conditions, steps, is_default, updated_at from approval_rules where id = ${id}`;
  return row;
}

export type RuleInput = { name: string; conditions: RuleGroup | null; steps: Step[] };

export async function audit(db: Db, actorId: number | null, action: string, subject: string, detail: string | null = null) {
  await db`insert into approval_audit (actor_id, action, subject, detail) values (${actorId}, ${action}, ${subject}, ${detail})`;
}

export async function createRule(tx: Db, input: RuleInput, actorId: number): Promise<number> {
  const [row] = await tx<{ id: number }[]>`
    insert into approval_rules (name, position, conditions, steps, updated_by)
    values (${input.name}, (select coalesce(max(position), 0) + 1 from approval_rules where not is_default),
            ${input.conditions === null ? null : tx.json(input.conditions as never)}, ${tx.json(input.steps as never)}, ${actorId})
    returning id::int`;
  await audit(tx, actorId, 'rule_created', input.name, JSON.stringify({ conditions: input.conditions, steps: input.steps }));
  return row!.id;
}

/** The default rule keeps its place and has no conditions; only its name and steps change. */
export async function updateRule(tx: Db, id: number, input: RuleInput, actorId: number): Promise<boolean> {
  const rows = await tx`
    update approval_rules set name = ${input.name}, steps = ${tx.json(input.steps as never)},
      conditions = case when is_default then null else ${input.conditions === null ? null : tx.json(input.conditions as never)}::jsonb end,
      updated_by = ${actorId}, updated_at = now()
    where id = ${id} returning id`;
  if (rows.length) await audit(tx, actorId, 'rule_changed', input.name, JSON.stringify({ conditions: input.conditions, steps: input.steps }));
  return rows.length > 0;
}

export async function deleteRule(tx: Db, id: number, actorId: number): Promise<string | null> {
  const [row] = await tx<{ name: string }[]>`delete from approval_rules where id = ${id} and not is_default returning name`;
  if (row) await audit(tx, actorId, 'rule_deleted', row.name);
  return row?.name ?? null;
}

/** Swaps a rule with its neighbour above or below (the default rule never moves). */
export async function moveRule(tx: Db, id: number, direction: 'up' | 'down', actorId: number): Promise<boolean> {
  const rules = (await tx<{ id: number; name: string; position: number }[]>`
    select id::int, name, position from approval_rules where not is_default order by position for update`);
  const at = rules.findIndex((r) => r.id === id);
  const other = rules[direction === 'up' ? at - 1 : at + 1];
  if (at < 0 || !other) return false;
  const me = rules[at]!;
  await tx`update approval_rules set position = case id when ${me.id} then ${other.position} else ${me.position} end where id in (${me.id}, ${other.id})`;
  await audit(tx, actorId, 'rule_moved', me.name, `${direction === 'up' ? 'Up' : 'Down'}, past ${other.name}`);
  return true;
}

export type AuditEntry = { id: number; action: string; subject: string; detail: string | null; actorName: string | null; at: Date };

export const recentAudit = (db: Db, limit = 50) =>
  db<AuditEntry[]>`
    select a.id::int, a.action, a.subject, a.detail, u.first_name || ' ' || u.last_name as actor_name, a.at
    from approval_audit a left join users u on u.id = a.actor_id order by a.at desc, a.id desc limit ${limit}`;
