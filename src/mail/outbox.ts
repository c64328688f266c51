/*
 * Every email goes through mail_messages. queueMail() writes the message and enqueues its
 * delivery job in the caller's transaction; a dedupe key turns "send once" into a unique
 * constraint, so a reminder queued twice (two workers, a re-run) is sent once.
 */
import type { Db } from '../db/connection';

export type MailInput = { kind: string; to: string; subject: string; body: string; dedupeKey?: string };

export async function queueMail(db: Db, mail: MailInput): Promise<number | null> {
  const [row] = await db<{ id: number }[]>`
    with inserted as (
      insert into mail_messages (dedupe_key, kind, to_address, subject, body)
      values (${mail.dedupeKey ?? null}, ${mail.kind}, ${mail.to}, ${mail.subject}, ${mail.body})
      on conflict (dedupe_key) do nothing
      returning id
    )
    select id::int, graphile_worker.add_job('mail_messages__send', json_build_object('id', id), max_attempts => 10)
    from inserted`;
  return row?.id ?? null;
}

export type MailRow = {
  id: number;
  kind: string;
  toAddress: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
  delivery: 'pending' | 'smtp' | 'outbox' | 'failed';
  error: string | null;
};

export const listMail = (db: Db, limit = 200) =>
  db<MailRow[]>`select id::int, kind, to_address, subject, body, created_at, sent_at, delivery, error from mail_messages order by created_at desc, id desc limit ${limit}`;

export async function findMail(db: Db, id: number) {
  const [row]: [MailRow?] = await db`select id::int, kind, to_address, subject, body, created_at, sent_at, delivery, error from mail_messages where id = ${id}`;
  return row;
}
