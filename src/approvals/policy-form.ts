/*
 * The approval rule form as posted: a name, the condition tree (the Document Groups editor's
 * fields, src/groups/form.ts readDraft) and step rows "steps.N.kind" (user | role |
 * cost_centre_owner, empty = unused), "steps.N.user", "steps.N.roles" (several) and
 * "steps.N.count". Bad input is refused with a sentence beside its field: no steps, a
 * deactivated approver, too few people for "2 of …", conditions that can never all hold.
 */
import * as v from 'valibot';
import type { FieldErrors } from '../../views/components/form';
import { ROLES } from '../auth/roles';
import type { Db } from '../db/connection';
import type { Role } from '../http/context';
import { readDraft, type DraftGroup } from '../groups/form';
import { validateConditions, type RuleGroup } from './conditions';
import type { Step } from './policies';

export const MAX_STEPS = 10;

export type DraftStep = { kind: string; user: string; roles: string[]; count: string };
export type PolicyDraft = { name: string; conditions: DraftGroup; steps: DraftStep[] };

export const emptyStep = (): DraftStep => ({ kind: '', user: '', roles: [], count: '1' });

export function readPolicyDraft(fields: Record<string, string | string[]>): PolicyDraft {
  const steps: DraftStep[] = [];
  for (let i = 0; i < MAX_STEPS; i++) {
    const get = (key: string) => fields[`steps.${i}.${key}`];
    if (get('kind') === undefined) continue;
    const one = (x: string | string[] | undefined) => String(Array.isArray(x) ? (x[0] ?? '') : (x ?? ''));
    steps.push({ kind: one(get('kind')), user: one(get('user')), roles: [get('roles') ?? []].flat(), count: one(get('count')) || '1' });
  }
  const draft = readDraft(fields);
  return { name: draft.name, conditions: draft.conditions, steps };
}

export const draftSteps = (steps: Step[]): DraftStep[] =>
  steps.map((s) => (s.kind === 'user' ? { ...emptyStep(), kind: 'user', user: String(s.userId) } : s.kind === 'role' ? { ...emptyStep(), kind: 'role', roles: s.roles, count: String(s.count) } : { ...emptyStep(), kind: s.kind }));

const NameSchema = v.pipe(v.string(), v.trim(), v.nonEmpty('Enter a name for the rule.'), v.maxLength(100, 'Use at most 100 characters.'));
const CountSchema = v.pipe(v.string(), v.trim(), v.regex(/^\d{1,2}$/, 'Enter how many, from 1 to 20.'), v.transform(Number), v.minValue(1, 'Enter how many, from 1 to 20.'), v.maxValue(20, 'Enter how many, from 1 to 20.'));

export type ValidPolicy = { ok: true; name: string; conditions: RuleGroup | null; steps: Step[] } | { ok: false; errors: FieldErrors };

/** Errors keyed "name", "steps", "steps.N" or by condition path ("r", "r.1"). isDefault: no conditions. */
export async function validatePolicy(db: Db, draft: PolicyDraft, isDefault: boolean): Promise<ValidPolicy> {
  const errors: FieldErrors = {};
  const name = v.safeParse(NameSchema, draft.name);
  if (!name.success) errors.name = name.issues[0].message;
  let conditions: RuleGroup | null = null;
  if (!isDefault) {
    const checked = validateConditions(draft.conditions);
    if (checked.ok) conditions = checked.tree;
    else Object.assign(errors, checked.errors);
  }
  const steps: Step[] = [];
  for (const [i, s] of draft.steps.entries()) {
    const key = `steps.${i}`;
    if (s.kind === '') continue;
    if (s.kind === 'cost_centre_owner') steps.push({ kind: 'cost_centre_owner' });
    else if (s.kind === 'user') {
      const id = /^\d{1,15}$/.test(s.user) ? Number(s.user) : 0;
      const [user] = await db<{ name: string; active: boolean }[]>`select first_name || ' ' || last_name as name, active from users where id = ${id}`;
      if (!user) errors[key] = 'Choose the approver from the list.';
      else if (!user.active) errors[key] = `${user.name} is deactivated; choose an active approver.`;
      else steps.push({ kind: 'user', userId: id });
    } else if (s.kind === 'role') {
      const roles = s.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));
      const count = v.safeParse(CountSchema, s.count);
      if (roles.length === 0) errors[key] = 'Tick at least one role.';
      else if (!count.success) errors[key] = count.issues[0].message;
      else {
        const [held] = await db<{ n: number }[]>`select count(*)::int as n from users where active and roles && ${roles}::text[]`;
        if (held!.n < count.output) errors[key] = `Only ${held!.n} active ${held!.n === 1 ? 'user holds' : 'users hold'} ${roles.length > 1 ? 'these roles' : 'this role'}; the step needs ${count.output}.`;
        else steps.push({ kind: 'role', roles, count: count.output });
      }
    } else errors[key] = 'Choose who approves this step.';
  }
  if (steps.length === 0 && !Object.keys(errors).some((k) => k.startsWith('steps.'))) errors.steps = 'Add at least one step: a rule without steps would approve nothing.';
  if (Object.keys(errors).length > 0 || !name.success) return { ok: false, errors };
  return { ok: true, name: name.output, conditions, steps };
}
