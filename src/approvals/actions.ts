/*
 * An approver's other answers: reject the step (the invoice goes back to In review with the
 * reason in its history; its chain is dropped and the next Ready builds a new one) and ask a
 * question (a note that emails whoever marked it Ready). Only someone the current step waits
 * for may do either; the invoice is row-locked through claimForChange like every change.
 */
import type { Db, Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { claimForChange } from '../invoices/lock';
import { queueMail } from '../mail/outbox';
import { respondToStatusChange } from '../responses/decisions';
import { currentStep, eligibility } from './steps';

export const TEXT_MAX = 1000;

export type ActionOutcome = { ok: true; invoiceNumber: string } | { ok: false; status: 404 | 403 | 409 | 422; message: string };

async function claimStep(tx: Db, user: CurrentUser, invoiceId: number) {
  const claim = await claimForChange(tx, user, invoiceId);
  if (!claim.ok) return claim.notFound ? ({ ok: false, status: 404, message: 'Not found, or you may not see it.' } as const) : ({ ok: false, status: 409, message: `Being edited by ${claim.holder.name}.` } as const);
  if (claim.status !== 'ready') return { ok: false, status: 409, message: 'This invoice is not waiting for approval.' } as const;
  const step = await currentStep(tx, invoiceId);
  if (!step) return { ok: false, status: 409, message: 'This invoice is not waiting for approval.' } as const;
  const may = await eligibility(tx, user, invoiceId, step);
  if (!may.ok) return { ok: false, status: 403, message: may.message } as const;
  return { ok: true, step, invoiceNumber: claim.invoiceNumber } as const;
}

const checkText = (text: string, what: string): string | null =>
  text.trim() === '' ? `Write ${what} first.` : text.length > TEXT_MAX ? `Keep it under ${TEXT_MAX} characters.` : null;

export function rejectStep(sql: Sql, user: CurrentUser, invoiceId: number, reason: string, publicUrl: string): Promise<ActionOutcome> {
  const problem = checkText(reason, 'the reason');
  return sql.begin(async (tx): Promise<ActionOutcome> => {
    const claimed = await claimStep(tx, user, invoiceId);
    if (!claimed.ok) return claimed;
    if (problem) return { ok: false, status: 422, message: problem };
    const text = `Rejected at approval step ${claimed.step.position} (${claimed.step.label}): ${reason.trim()}`;
    await tx`update invoices set status = 'in_review', status_changed_at = now(), status_reason = null where id = ${invoiceId}`;
    await tx`
      insert into invoice_events (invoice_id, actor_id, action, from_status, to_status, reason)
      values (${invoiceId}, ${user.id}, 'status', 'ready', 'in_review', ${text})`;
    await respondToStatusChange(tx, { invoiceId, from: 'ready', to: 'in_review', userId: user.id });
    const to = await askedPerson(tx, claimed.step.readyBy, invoiceId);
    if (to) await queueMail(tx, { ...mailTo(to, `Invoice ${claimed.invoiceNumber} was rejected at approval`, `${user.firstName} ${user.lastName} rejected it: ${reason.trim()}\n\nIt is back In review:`, invoiceId, publicUrl), kind: 'approval_rejected' });
    return { ok: true, invoiceNumber: claimed.invoiceNumber };
  });
}

export function askQuestion(sql: Sql, user: CurrentUser, invoiceId: number, question: string, publicUrl: string): Promise<ActionOutcome & { askedName?: string }> {
  const problem = checkText(question, 'your question');
  return sql.begin(async (tx) => {
    const claimed = await claimStep(tx, user, invoiceId);
    if (!claimed.ok) return claimed;
    if (problem) return { ok: false, status: 422, message: problem } as const;
    const to = await askedPerson(tx, claimed.step.readyBy, invoiceId);
    await tx`
      insert into invoice_events (invoice_id, actor_id, action, reason)
      values (${invoiceId}, ${user.id}, 'note', ${`Question${to ? ` for ${to.name}` : ''}: ${question.trim()}`})`;
    if (to) {
      const body = `${user.firstName} ${user.lastName} asks about invoice ${claimed.invoiceNumber} before approving it:\n\n${question.trim()}\n\nAnswer with a note on the invoice:`;
      await queueMail(tx, mailTo(to, `Question about invoice ${claimed.invoiceNumber}`, body, invoiceId, publicUrl));
    }
    return { ok: true, invoiceNumber: claimed.invoiceNumber, askedName: to?.name };
  });
}

type Person = { email: string; name: string };

/** Whoever marked it Ready; when apdesk did (all lines coded), the person who coded it last. */
async function askedPerson(tx: Db, readyBy: number | null, invoiceId: number): Promise<Person | null> {
  const [row] = await tx<Person[]>`
    select u.email::text, u.first_name || ' ' || u.last_name as name from users u
    where u.active and u.id = coalesce(${readyBy}::bigint, (
      select lc.coded_by from invoice_lines l join invoice_line_codings lc on lc.invoice_line_id = l.id
      where l.invoice_id = ${invoiceId} and lc.coded_by is not null order by lc.coded_at desc limit 1))`;
  return row ?? null;
}

const mailTo = (to: Person, subject: string, body: string, invoiceId: number, publicUrl: string) => ({
  kind: 'approval_question',
  to: to.email,
  subject,
  body: `Hello ${to.name},\n\n${body}\n${publicUrl}/invoices/${invoiceId}\n\nThis email approves nothing by itself; decisions are made in apdesk.\n`,
});
