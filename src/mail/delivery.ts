/*
 * Delivery of one queued message: over SMTP (nodemailer, SMTP_URL) when configured, else it
 * stays in the outbox that admins read. A message already delivered is left alone, so a
 * retried job never sends twice after a successful send was recorded.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Sql } from '../db/connection';
import { findMail } from './outbox';

export type Mailer = { from: string; transport: Transporter | null };

export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  return { from, transport: smtpUrl ? nodemailer.createTransport(smtpUrl) : null };
}

export async function deliverMail(sql: Sql, mailer: Mailer, id: number): Promise<'sent' | 'outbox' | 'gone'> {
  const mail = await findMail(sql, id);
  if (!mail || mail.delivery === 'smtp' || mail.delivery === 'outbox') return 'gone';
  if (!mailer.transport) {
    await sql`update mail_messages set delivery = 'outbox', sent_at = now() where id = ${id}`;
    return 'outbox';
  }
  try {
    await mailer.transport.sendMail({ from: mailer.from, to: mail.toAddress, subject: mail.subject, text: mail.body });
  } catch (error) {
    await sql`update mail_messages set error = ${(error as Error).message.slice(0, 500)} where id = ${id}`;
    throw error; // graphile-worker retries with backoff
  }
  await sql`update mail_messages set delivery = 'smtp', sent_at = now(), error = null where id = ${id}`;
  return 'sent';
}
