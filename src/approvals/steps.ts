/*
 * What an approver does with the current step: approve it (the last step makes the invoice
 * Approved), reject it (back to In review with the reason) or ask whoever marked it Ready a
 * question. Who may act is approval_waiting() in the database (delegation, deactivated
 * approvers, roles) and segregation of duties is approval_segregated(); both are enforced
 * here, on the server, in the transaction that records the decision.
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { noteWaiting, startApproval } from './chain';

export type CurrentStep = { chainId: number; stepId: number; position: number; count: number; label: string; required: number; done: number; readyBy: number | null };

export async function currentStep(db: Db, invoiceId: number): Promise<CurrentStep | null> {
  const [row]: [CurrentStep?] = await db`
    select c.id::int as chain_id, s.id::int as step_id, s.position, (select count(*)::int from approval_steps x where x.chain_id = c.id) as count,
           s.label, s.required, (select count(*)::int from approval_decisions d where d.step_id = s.id) as done, c.ready_by::int
    from approval_chains c join approval_steps s on s.chain_id = c.id and s.done_at is null
    where c.invoice_id = ${invoiceId} and c.state = 'open'
    order by s.position limit 1`;
  return row ?? null;
}

export type Eligibility = { ok: true; onBehalfOf: number | null; fallback: boolean } | { ok: false; message: string };

/** Whether this user may approve (or reject) the current step now, and if not, the sentence why. */
export async function eligibility(db: Db, user: CurrentUser, invoiceId: number, step: CurrentStep): Promise<Eligibility> {
  const [row] = await db<{ onBehalfOf: number | null; fallback: boolean }[]>`
    select on_behalf_of::int, fallback from approval_waiting(${user.id}, ${invoiceId}) where step_id = ${step.stepId} limit 1`;
  if (row) return { ok: true, ...row };
  const [why] = await db<{ readyBy: boolean; coded: boolean; decided: boolean }[]>`
    select c.ready_by = ${user.id} as ready_by,
           exists (select 1 from invoice_lines l join invoice_line_codings lc on lc.invoice_line_id = l.id where l.invoice_id = ${invoiceId} and lc.coded_by = ${user.id}) as coded,
           exists (select 1 from approval_decisions d where d.chain_id = c.id and (d.user_id = ${user.id} or d.on_behalf_of = ${user.id})) as decided
    from approval_chains c where c.id = ${step.chainId}`;
  if (why?.coded) return { ok: false, message: 'You coded this invoice, so someone else must approve it (segregation of duties).' };
  if (why?.readyBy) return { ok: false, message: 'You marked this invoice Ready, so someone else must approve it (segregation of duties).' };
  if (why?.decided) return { ok: false, message: 'You approved a step of this invoice already; another person approves this one.' };
  return { ok: false, message: `This step waits for ${step.label}, not for you.` };
}

/** The open chain of a Ready invoice, built now if it has none (an invoice made Ready before approvals existed). */
async function ensureStep(tx: Db, invoiceId: number): Promise<CurrentStep | null> {
  const step = await currentStep(tx, invoiceId);
  if (step) return step;
  const [readyBy] = await tx<{ actorId: number | null }[]>`
    select actor_id::int from invoice_events where invoice_id = ${invoiceId} and action = 'status' and to_status = 'ready' order by at desc, id desc limit 1`;
  await startApproval(tx, invoiceId, readyBy?.actorId ?? null);
  return currentStep(tx, invoiceId);
}

export type StepOutcome = { ok: true; final: boolean; label: string } | { ok: false; message: string };

/**
 * Inside the caller's transaction, the invoice row-locked and Ready: records this user's
 * approval of the current step. final = the chain is complete; the caller makes the invoice
 * Approved (src/invoices/workflow.ts, which also answers the supplier).
 */
export async function approveCurrentStep(tx: Db, user: CurrentUser, invoiceId: number): Promise<StepOutcome> {
  const step = await ensureStep(tx, invoiceId);
  if (!step) return { ok: false, message: 'This invoice has no approval step waiting.' };
  const may = await eligibility(tx, user, invoiceId, step);
  if (!may.ok) return may;
  await tx`insert into approval_decisions (chain_id, step_id, user_id, on_behalf_of) values (${step.chainId}, ${step.stepId}, ${user.id}, ${may.onBehalfOf})`;
  const stepDone = step.done + 1 >= step.required;
  const who = may.onBehalfOf
    ? ` on behalf of ${(await tx<{ name: string }[]>`select first_name || ' ' || last_name as name from users where id = ${may.onBehalfOf}`)[0]?.name ?? 'a removed user'}`
    : may.fallback ? ' as AP Admin (the step’s approver could not)' : '';
  const part = step.required > 1 ? ` (${step.done + 1} of ${step.required})` : '';
  await tx`
    insert into invoice_events (invoice_id, actor_id, action, reason)
    values (${invoiceId}, ${user.id}, 'approval', ${`Approved step ${step.position} of ${step.count}${part}: ${step.label}${who}.`})`;
  if (!stepDone) return { ok: true, final: false, label: step.label };
  await tx`update approval_steps set done_at = now() where id = ${step.stepId}`;
  const [next] = await tx<{ id: number }[]>`
    update approval_steps set started_at = now()
    where id = (select id from approval_steps where chain_id = ${step.chainId} and done_at is null order by position limit 1)
    returning id::int`;
  if (next) {
    await noteWaiting(tx, invoiceId);
    return { ok: true, final: false, label: step.label };
  }
  await tx`update approval_chains set state = 'approved', finished_at = now() where id = ${step.chainId}`;
  return { ok: true, final: true, label: step.label };
}
