/*
 * The three-year renewal. Every connection knows when its refresh chain ends; a daily job
 * emails the user 30, 7 and 1 days before, and on the day it ends, and flags an ended chain
 * as "needs renewal". Each reminder's dedupe key names the connection, the chain end and the
 * stage, so it is sent once however often and on however many workers the job runs; a
 * renewed connection has a new chain end and so gets its own reminders.
 */
import type { Db } from '../db/connection';
import { queueMail } from '../mail/outbox';
import { mailReader, type Reader } from '../format/context';
import { formatDay } from '../format/numbers';

const DAY = 24 * 3600 * 1000;
export const REMINDER_STAGES = [
  { stage: 'expired', withinDays: 0 },
  { stage: '1d', withinDays: 1 },
  { stage: '7d', withinDays: 7 },
  { stage: '30d', withinDays: 30 },
] as const;

export function reminderStage(chainExpiresAt: Date, now: Date) {
  const left = chainExpiresAt.getTime() - now.getTime();
  return REMINDER_STAGES.find((s) => left <= s.withinDays * DAY) ?? null;
}

export async function sendRenewalReminders(db: Db, opts: { now: Date; publicUrl: string; /** for users who chose nothing in Profile */ defaults?: Reader }): Promise<number> {
  const due = await db<{ id: number; chainExpiresAt: Date; status: string; email: string; firstName: string; locale: string | null; timeZone: string | null }[]>`
    select c.id::int, c.chain_expires_at, c.status, u.email, u.first_name, u.locale, u.time_zone
    from pagero_connections c join users u on u.id = c.user_id
    where c.status in ('active', 'needs_renewal') and u.active
      and c.chain_expires_at <= ${new Date(opts.now.getTime() + 30 * DAY)}`;
  let queued = 0;
  for (const connection of due) {
    const step = reminderStage(connection.chainExpiresAt, opts.now)!;
    if (step.stage === 'expired') {
      await db`
        update pagero_connections
        set status = 'needs_renewal', needs_renewal_reason = 'the three-year Pagero authorization ended', access_token = null, refresh_token = null, updated_at = now()
        where id = ${connection.id} and status = 'active'`;
    } else if (connection.status !== 'active') {
      continue;
    }
    const id = await queueMail(db, {
      kind: `pagero_renewal_${step.stage}`,
      dedupeKey: `pagero-renewal:${connection.id}:${connection.chainExpiresAt.toISOString()}:${step.stage}`,
      to: connection.email,
      ...reminderText(connection.firstName, connection.chainExpiresAt, step.stage, opts.publicUrl, mailReader(connection, opts.defaults)),
    });
    if (id) queued += 1;
  }
  return queued;
}

function reminderText(firstName: string, expiresAt: Date, stage: string, publicUrl: string, { reader, note }: { reader: Reader; note: string }) {
  const date = formatDay(expiresAt, reader);
  const subject = stage === 'expired' ? 'Your Pagero connection in apdesk has expired' : `Renew your Pagero connection in apdesk by ${date}`;
  const when = stage === 'expired' ? `ended on ${date}` : `ends on ${date} (${stage === '1d' ? 'tomorrow' : `in ${stage === '7d' ? '7' : '30'} days`})`;
  return {
    subject,
    body: [
      `Hello ${firstName},`,
      '',
      `Pagero lets apdesk fetch your e-invoices for three years after you sign in. Your authorization ${when}.`,
      'To renew it, sign in to apdesk, click your initials at the top right, choose E-invoicing Login and sign in to Pagero again.',
      '',
      `${publicUrl}/einvoicing/login`,
      '',
      note,
    ].join('\n'),
  };
}
