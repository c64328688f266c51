/*
 * The editing lock: one user edits an invoice at a time. A lock is live while its holder
 * keeps working (every change touches last_active_at) and free for anyone once it has been
 * idle for LOCK_IDLE_MINUTES, on Release, or when the holder changes the status.
 *
 * Every change to an invoice (status, notes, and the coding engineer's line coding) goes
 * through claimForChange() inside its transaction: it row-locks the invoice (so a lock
 * taken at the same instant waits for the change, and the other way round), refuses when
 * someone else holds a live lock, and refreshes the caller's own lock.
 */
import type { Db, Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from './visibility';

export const LOCK_IDLE_MINUTES = 15;

export type LockHolder = { userId: number; name: string; lockedAt: Date; lastActiveAt: Date };

const live = (db: Db) => db`l.last_active_at > now() - make_interval(mins => ${LOCK_IDLE_MINUTES})`;

/** The live lock on an invoice, whoever holds it. */
export async function currentLock(db: Db, invoiceId: number): Promise<LockHolder | null> {
  const [holder]: [LockHolder?] = await db`
    select l.user_id::int, u.first_name || ' ' || u.last_name as name, l.locked_at, l.last_active_at
    from invoice_locks l join users u on u.id = l.user_id
    where l.invoice_id = ${invoiceId} and ${live(db)}`;
  return holder ?? null;
}

export type ClaimResult = { ok: true; status: string; heldFrom: string | null; invoiceNumber: string } | { ok: false; notFound: true } | { ok: false; notFound: false; holder: LockHolder };

/** Inside a transaction: row-locks a visible invoice and checks nobody else is editing it. */
export async function claimForChange(tx: Db, user: CurrentUser, invoiceId: number): Promise<ClaimResult> {
  const [row]: [{ status: string; heldFrom: string | null; invoiceNumber: string }?] = await tx`
    select i.status, i.held_from, i.invoice_number from invoices i
    where i.id = ${invoiceId} and ${visibleInvoices(tx, user)}
    for no key update`;
  if (!row) return { ok: false, notFound: true };
  const holder = await currentLock(tx, invoiceId);
  if (holder && holder.userId !== user.id) return { ok: false, notFound: false, holder };
  if (holder) await tx`update invoice_locks set last_active_at = now() where invoice_id = ${invoiceId}`;
  return { ok: true, ...row };
}

export type AcquireResult = { ok: true; holder: LockHolder } | { ok: false; notFound: true } | { ok: false; notFound: false; holder: LockHolder };

/** Takes the lock (or keeps it, when the caller holds it already); a lock idle past the limit is taken over. */
export function acquireLock(sql: Sql, user: CurrentUser, invoiceId: number): Promise<AcquireResult> {
  return sql.begin(async (tx) => {
    const claim = await claimForChange(tx, user, invoiceId);
    if (!claim.ok) return claim;
    await tx`
      insert into invoice_locks as l (invoice_id, user_id) values (${invoiceId}, ${user.id})
      on conflict (invoice_id) do update
        set user_id = excluded.user_id, last_active_at = now(),
            locked_at = case when l.user_id = excluded.user_id and ${live(tx)} then l.locked_at else now() end`;
    return { ok: true, holder: (await currentLock(tx, invoiceId))! };
  });
}

/** Releases the caller's own lock; someone else's lock is never touched. */
export async function releaseLock(db: Db, user: CurrentUser, invoiceId: number) {
  await db`delete from invoice_locks where invoice_id = ${invoiceId} and user_id = ${user.id}`;
}
