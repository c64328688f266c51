/* An invoice's audit trail (status changes and notes, oldest first) and adding a note. */
import type { Sql } from '../db/connection';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { claimForChange, type LockHolder } from './lock';

export const NOTE_MAX = 4000;

export type InvoiceEvent = {
  id: number;
  action: 'status' | 'note' | 'export_result' | 'paid' | 'approval' | 'coding';
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  reasonCode: string | null;
  actorName: string | null;
  at: Date;
};

/** The history of an invoice already found visible. */
export function invoiceHistory(db: Db, invoiceId: number) {
  return db<InvoiceEvent[]>`
    select e.id::int, e.action, e.from_status, e.to_status, e.reason, e.reason_code, coalesce(u.first_name || ' ' || u.last_name, e.actor_label) as actor_name, e.at
    from invoice_events e left join users u on u.id = e.actor_id
    where e.invoice_id = ${invoiceId}
    order by e.at, e.id`;
}

export type NoteOutcome = { ok: true } | { ok: false; problem: 'not_found' } | { ok: false; problem: 'locked'; holder: LockHolder };

export function addNote(sql: Sql, user: CurrentUser, invoiceId: number, text: string): Promise<NoteOutcome> {
  return sql.begin(async (tx): Promise<NoteOutcome> => {
    const claim = await claimForChange(tx, user, invoiceId);
    if (!claim.ok) return claim.notFound ? { ok: false, problem: 'not_found' } : { ok: false, problem: 'locked', holder: claim.holder };
    await tx`insert into invoice_events (invoice_id, actor_id, action, reason) values (${invoiceId}, ${user.id}, 'note', ${text})`;
    return { ok: true };
  });
}
