/*
 * Approval emails, through the mail outbox (src/mail): a digest of the steps that started
 * waiting for someone (at most one per person per hour), and a reminder when a step has
 * waited APPROVAL_REMINDER_DAYS. `now` comes from the caller (the job passes the clock;
 * tests pass their own). Every email links to the invoices; nothing in it approves anything.
 */
import type { Sql } from '../db/connection';
import { queueMail } from '../mail/outbox';
import { asReader, mailReader, type Reader } from '../format/context';
import { formatDate, formatMoney } from '../format/numbers';

export const DIGEST_EVERY_MINUTES = 60;

type Item = { invoiceId: number; invoiceNumber: string; supplier: string | null; amount: string | null; currency: string | null; dueDate: string | null; step: string };

type Recipient = { email: string; firstName: string; locale: string | null; timeZone: string | null };
type Options = { now: Date; publicUrl: string; /** DEFAULT_LOCALE, DEFAULT_TIME_ZONE: for recipients who chose nothing in Profile */ defaults?: Reader };

/** Amount and due date as the recipient reads them (asReader). */
const line = (i: Item, publicUrl: string) =>
  `- ${i.invoiceNumber} from ${i.supplier ?? 'an unnamed supplier'}: ${formatMoney(i.amount, i.currency)}${i.dueDate ? `, due ${formatDate(i.dueDate)}` : ''} (${i.step})\n  ${publicUrl}/invoices/${i.invoiceId}`;

const FOOTER = 'Open apdesk to approve, reject or ask a question; this email approves nothing by itself.';

/** Sends each person with new waiting steps one digest, unless they had one within the hour. Returns the emails queued. */
export async function sendApprovalDigests(sql: Sql, opts: Options): Promise<number> {
  // Steps that stopped waiting for someone before their digest went out are no news any more.
  await sql`
    delete from approval_notifications n
    where n.digested_at is null
      and not exists (select 1 from approval_waiting(n.user_id) w where w.step_id = n.step_id)`;
  const due = await sql<{ userId: number }[]>`
    select n.user_id::int from approval_notifications n
    where n.digested_at is null
    group by n.user_id
    having coalesce((select max(x.digested_at) from approval_notifications x where x.user_id = n.user_id), '-infinity')
           <= ${opts.now}::timestamptz - make_interval(mins => ${DIGEST_EVERY_MINUTES})`;
  let sent = 0;
  for (const { userId } of due) {
    sent += await sql.begin(async (tx) => {
      const items = await tx<(Item & Recipient & { id: number })[]>`
        select n.id::int, u.email::text, u.first_name, u.locale, u.time_zone, i.id::int as invoice_id, i.invoice_number, i.seller_name as supplier,
               coalesce(i.payable_amount, i.tax_inclusive_amount)::text as amount, i.currency, i.due_date::text, s.label as step
        from approval_notifications n join users u on u.id = n.user_id and u.active
        join invoices i on i.id = n.invoice_id join approval_steps s on s.id = n.step_id
        where n.user_id = ${userId} and n.digested_at is null
        order by n.id
        for update of n skip locked`;
      if (items.length === 0) return 0;
      const first = items[0]!;
      const { reader, note } = mailReader(first, opts.defaults);
      const body = asReader(reader, () => [
        `Hello ${first.firstName},`,
        '',
        `${items.length === 1 ? 'This invoice waits' : `These ${items.length} invoices wait`} for your approval:`,
        '',
        ...items.map((i) => line(i, opts.publicUrl)),
        '',
        `All that waits for you: ${opts.publicUrl}/approvals`,
        '',
        FOOTER,
        note,
      ].join('\n'));
      await queueMail(tx, {
        kind: 'approval_digest',
        to: first.email,
        subject: items.length === 1 ? `Invoice ${first.invoiceNumber} waits for your approval` : `${items.length} invoices wait for your approval`,
        body,
        dedupeKey: `approval-digest:${userId}:${first.id}`,
      });
      await tx`update approval_notifications set digested_at = ${opts.now} where id = any(${items.map((i) => i.id)}::bigint[])`;
      return 1;
    });
  }
  return sent;
}

/** One reminder per waiting step and person once the step has waited `days` days. Returns the emails queued. */
export async function sendApprovalReminders(sql: Sql, opts: Options & { days: number }): Promise<number> {
  const rows = await sql<(Item & Recipient & { stepId: number; userId: number; days: number })[]>`
    select s.id::int as step_id, u.id::int as user_id, u.email::text, u.first_name, u.locale, u.time_zone, i.id::int as invoice_id, i.invoice_number,
           i.seller_name as supplier, coalesce(i.payable_amount, i.tax_inclusive_amount)::text as amount, i.currency, i.due_date::text, s.label as step,
           floor(extract(epoch from (${opts.now}::timestamptz - s.started_at)) / 86400)::int as days
    from approval_waiting(null) w
    join approval_steps s on s.id = w.step_id
    join users u on u.id = w.user_id
    join invoices i on i.id = w.invoice_id
    where s.started_at <= ${opts.now}::timestamptz - make_interval(days => ${opts.days})
    order by s.started_at, u.id`;
  let sent = 0;
  for (const r of rows) {
    const { reader, note } = mailReader(r, opts.defaults);
    const id = await queueMail(sql, {
      kind: 'approval_reminder',
      to: r.email,
      subject: `Reminder: invoice ${r.invoiceNumber} has waited ${r.days} days for your approval`,
      body: asReader(reader, () => [`Hello ${r.firstName},`, '', `This invoice has waited ${r.days} days for your approval:`, '', line(r, opts.publicUrl), '', FOOTER, note].join('\n')),
      dedupeKey: `approval-reminder:${r.stepId}:${r.userId}`,
    });
    if (id !== null) sent += 1;
  }
  return sent;
}
