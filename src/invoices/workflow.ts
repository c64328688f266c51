/*
 * Changing an invoice's status: visibility, the transition table, the reason rule and the
 * editing lock are all checked in one transaction that also writes the audit event. A
 * status change by the lock holder releases their lock (their edit is done).
 */
import { startApproval } from '../approvals/chain';
import { approveCurrentStep } from '../approvals/steps';
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { checkStatusCodes } from '../responses/codes';
import { respondToStatusChange } from '../responses/decisions';
import { claimForChange, releaseLock, type LockHolder } from './lock';
import { statusLabel, type Status } from './statuses';
import { mayAct, TRANSITIONS, type Action } from './transitions';
import { validationBlock } from '../validation/gate';

export const REASON_MAX = 1000;

export type ChangeOutcome =
  | { ok: true; invoiceNumber: string; from: string; to: Status; /** an approval step done, the invoice still waiting for the next */ step?: string }
  | { ok: false; problem: 'not_found' }
  | { ok: false; problem: 'locked'; holder: LockHolder }
  | { ok: false; problem: 'not_allowed' | 'wrong_status' | 'reason' | 'validation'; message: string; invoiceNumber?: string; field?: 'reason' | 'reason_code' | 'action_code' };

export function checkReason(action: Action, reason: string): string | null {
  if (TRANSITIONS[action].needsReason && reason.trim() === '') return `Give a reason to ${TRANSITIONS[action].label.toLowerCase()}.`;
  if (reason.length > REASON_MAX) return `Keep the reason under ${REASON_MAX} characters.`;
  return null;
}

/** The Peppol reason (OPStatusReason) and action (OPStatusAction) codes of a hold or rejection, per field; null when fine. */
export const checkReasonCodes = (action: Action, reasonCode: string, actionCode: string) => checkStatusCodes(!!TRANSITIONS[action].needsReason, reasonCode, actionCode);

export type StatusChangeInput = { user: CurrentUser; invoiceId: number; action: Action; reason?: string; reasonCode?: string; actionCode?: string };

export function changeStatus(sql: Sql, input: StatusChangeInput): Promise<ChangeOutcome> {
  const { user, invoiceId, action } = input;
  const transition = TRANSITIONS[action];
  const reason = (input.reason ?? '').trim();
  const reasonCode = transition.needsReason ? (input.reasonCode ?? '').trim() : '';
  const actionCode = transition.needsReason ? (input.actionCode ?? '').trim() : '';
  return sql.begin(async (tx): Promise<ChangeOutcome> => {
    const claim = await claimForChange(tx, user, invoiceId);
    if (!claim.ok) return claim.notFound ? { ok: false, problem: 'not_found' } : { ok: false, problem: 'locked', holder: claim.holder };
    const { invoiceNumber, status: from } = claim;
    // Approving is decided by the invoice's approval chain (src/approvals), not by role alone.
    if (action !== 'approve' && !mayAct(user, action)) return { ok: false, problem: 'not_allowed', invoiceNumber, message: `Your role may not ${transition.label.toLowerCase()} invoices.` };
    if (!(transition.from as readonly string[]).includes(from)) {
      return { ok: false, problem: 'wrong_status', invoiceNumber, message: `${statusLabel(from)} invoices cannot be given “${transition.label}”.` };
    }
    if (action === 'mark_ready' || action === 'approve') {
      const blocked = await validationBlock(tx, invoiceId);
      if (blocked) return { ok: false, problem: 'validation', invoiceNumber, message: `${transition.label} is held back: ${blocked}` };
    }
    const reasonProblem = checkReason(action, reason);
    if (reasonProblem) return { ok: false, problem: 'reason', invoiceNumber, message: reasonProblem, field: 'reason' };
    const codeProblems = checkReasonCodes(action, reasonCode, actionCode);
    if (codeProblems) {
      const field = codeProblems.reason_code ? 'reason_code' : 'action_code';
      return { ok: false, problem: 'reason', invoiceNumber, message: codeProblems[field]!, field };
    }
    if (action === 'approve') {
      const step = await approveCurrentStep(tx, user, invoiceId);
      if (!step.ok) return { ok: false, problem: 'not_allowed', invoiceNumber, message: step.message };
      if (!step.final) {
        await releaseLock(tx, user, invoiceId);
        return { ok: true, invoiceNumber, from, to: from as Status, step: step.label };
      }
    }
    const to = (transition.to === 'held_from' ? claim.heldFrom : transition.to) as Status;
    await tx`
      update invoices
      set status = ${to}, held_from = ${to === 'on_hold' ? from : null},
          status_reason = ${transition.needsReason ? reason : null}, status_changed_at = now(),
          status_reason_code = ${reasonCode || null}, status_action_code = ${actionCode || null}
      where id = ${invoiceId}`;
    await tx`
      insert into invoice_events (invoice_id, actor_id, action, from_status, to_status, reason, reason_code, action_code)
      values (${invoiceId}, ${user.id}, 'status', ${from}, ${to}, ${reason || null}, ${reasonCode || null}, ${actionCode || null})`;
    // The supplier's answer (a Peppol Invoice Response) is recorded with the decision, in this transaction.
    await respondToStatusChange(tx, { invoiceId, from, to, userId: user.id, reason, reasonCode, actionCode });
    if (to === 'ready') await startApproval(tx, invoiceId, user.id);
    await releaseLock(tx, user, invoiceId);
    return { ok: true, invoiceNumber, from, to };
  });
}

export type BulkOutcome = { changed: { id: number; invoiceNumber: string }[]; skipped: { id: number; invoiceNumber: string | null; why: string }[] };

export const BULK_MAX = 200;

/** Each selected invoice on its own, so one that may not change never holds back the others. */
export async function changeStatuses(sql: Sql, input: Omit<StatusChangeInput, 'invoiceId'> & { ids: number[] }): Promise<BulkOutcome> {
  const result: BulkOutcome = { changed: [], skipped: [] };
  for (const id of [...new Set(input.ids)].slice(0, BULK_MAX)) {
    const outcome = await changeStatus(sql, { user: input.user, invoiceId: id, action: input.action, reason: input.reason, reasonCode: input.reasonCode, actionCode: input.actionCode });
    if (outcome.ok) result.changed.push({ id, invoiceNumber: outcome.invoiceNumber });
    else result.skipped.push({ id, invoiceNumber: 'invoiceNumber' in outcome ? (outcome.invoiceNumber ?? null) : null, why: describeProblem(outcome) });
  }
  return result;
}

export function describeProblem(outcome: Exclude<ChangeOutcome, { ok: true }>): string {
  if (outcome.problem === 'not_found') return 'not found, or you may not see it';
  if (outcome.problem === 'locked') return `being edited by ${outcome.holder.name}`;
  return outcome.message;
}
