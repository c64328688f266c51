/*
 * Building an invoice's approval chain when it reaches Ready: the first matching rule's
 * steps, resolved to people and roles now and stored with the invoice, so a policy changed
 * later applies only to invoices that reach Ready afterwards. The first step starts waiting
 * at once and the people it waits for are noted for their next digest email.
 */
import type { Db } from '../db/connection';
import { groupSubjects } from '../groups/compile';
import { ROLE_LABELS } from '../auth/roles';
import { compileRule } from './conditions';
import { listRules, type Rule, type Step } from './policies';

/** The first rule whose conditions the invoice meets; the default rule when none does. */
export async function matchingRule(db: Db, invoiceId: number): Promise<Rule> {
  const rules = await listRules(db);
  const fallback = rules.find((r) => r.isDefault)!;
  const conditional = rules.filter((r) => !r.isDefault && r.conditions);
  if (conditional.length === 0) return fallback;
  const whens = conditional.map((r) => db`when ${compileRule(db, r.conditions!)} then ${r.id}::int`);
  const cases = whens.slice(1).reduce((acc, w) => db`${acc} ${w}`, whens[0]!);
  const [row] = await db<{ ruleId: number | null }[]>`select case ${cases} end as rule_id from ${groupSubjects(db, db`i.id = ${invoiceId}`)}`;
  return conditional.find((r) => r.id === row?.ruleId) ?? fallback;
}

type StepRow = { label: string; approverId: number | null; roles: string[] | null; required: number };

export const rolesLabel = (roles: readonly string[], count: number) => {
  const names = roles.map((r) => `${ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r}${count > 1 ? 's' : ''}`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
  return count > 1 ? `${count} of the ${list}` : `An ${list}`.replace(/^An ([^AEIOU])/, 'A $1');
};

async function resolveSteps(db: Db, invoiceId: number, steps: Step[]): Promise<StepRow[]> {
  const rows: StepRow[] = [];
  for (const step of steps) {
    if (step.kind === 'role') {
      rows.push({ label: rolesLabel(step.roles, step.count), approverId: null, roles: step.roles, required: step.count });
    } else if (step.kind === 'user') {
      const [u] = await db<{ name: string }[]>`select first_name || ' ' || last_name as name from users where id = ${step.userId}`;
      rows.push({ label: u?.name ?? 'A removed user', approverId: u ? step.userId : null, roles: null, required: 1 });
    } else {
      // One step per spend owner of the cost centres the lines are coded to, in code order.
      const centres = await db<{ code: string; ownerId: number | null; owner: string | null }[]>`
        select distinct on (cc.code) cc.code, cc.owner_id::int, u.first_name || ' ' || u.last_name as owner
        from invoice_lines l join invoice_line_codings c on c.invoice_line_id = l.id join cost_centres cc on cc.id = c.cost_centre_id
        left join users u on u.id = cc.owner_id
        where l.invoice_id = ${invoiceId} order by cc.code`;
      if (centres.length === 0) rows.push({ label: 'Cost centre owner (no cost centre on the lines: AP Admins decide)', approverId: null, roles: null, required: 1 });
      const seen = new Set<number>();
      for (const cc of centres) {
        if (cc.ownerId !== null && seen.has(cc.ownerId)) continue;
        if (cc.ownerId !== null) seen.add(cc.ownerId);
        rows.push({
          label: cc.ownerId === null ? `Owner of cost centre ${cc.code} (none set: AP Admins decide)` : `${cc.owner} (owner of cost centre ${cc.code})`,
          approverId: cc.ownerId,
          roles: null,
          required: 1,
        });
      }
    }
  }
  return rows;
}

/**
 * Inside the transaction that made the invoice Ready: stores its chain, unless one is open
 * already (resumed from hold). readyBy: who marked it Ready (null when apdesk did).
 */
export async function startApproval(tx: Db, invoiceId: number, readyBy: number | null): Promise<number> {
  const [open] = await tx<{ id: number }[]>`select id::int from approval_chains where invoice_id = ${invoiceId} and state = 'open'`;
  if (open) return open.id;
  const rule = await matchingRule(tx, invoiceId);
  const steps = await resolveSteps(tx, invoiceId, rule.steps);
  const [chain] = await tx<{ id: number }[]>`
    insert into approval_chains (invoice_id, rule_id, rule_name, ready_by) values (${invoiceId}, ${rule.id}, ${rule.name}, ${readyBy}) returning id::int`;
  await tx`
    insert into approval_steps (chain_id, position, label, approver_id, roles, required, started_at)
    select ${chain!.id}, s.position, s.label, s.approver_id, case when s.roles = '' then null else string_to_array(s.roles, ',') end, s.required,
           case when s.position = 1 then now() end
    from unnest(${steps.map((_, i) => i + 1)}::int[], ${steps.map((s) => s.label)}::text[], ${steps.map((s) => s.approverId)}::bigint[],
                ${steps.map((s) => (s.roles ?? []).join(','))}::text[], ${steps.map((s) => s.required)}::int[]) as s(position, label, approver_id, roles, required)`;
  await tx`
    insert into invoice_events (invoice_id, actor_id, action, reason)
    values (${invoiceId}, ${readyBy}, 'approval', ${`Approval started (rule “${rule.name}”): ${steps.map((s) => s.label).join(' → ')}.`})`;
  await noteWaiting(tx, invoiceId);
  return chain!.id;
}

/** Records "a step started waiting for you" for everyone the current step of this invoice waits for. */
export async function noteWaiting(tx: Db, invoiceId: number) {
  await tx`
    insert into approval_notifications (user_id, invoice_id, step_id)
    select w.user_id, w.invoice_id, w.step_id from approval_waiting(null, ${invoiceId}) w
    on conflict (step_id, user_id) do nothing`;
}
