/*
 * Database-backed sessions (after lucia's auth_session.ts). The browser holds "id.secret";
 * the table stores sha256(secret), compared in constant time. Expiry slides: a session unused
 * for 10 days ends, and its last_verified_at is written back at most once an hour.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';

export const SESSION_MAX_IDLE_MS = 10 * 24 * 3600 * 1000;
const TOUCH_EVERY_MS = 3600 * 1000;

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export async function createSession(db: Db, userId: number, meta: { userAgent?: string; ip?: string }) {
  const id = randomBytes(15).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  await db`
    insert into sessions (id, user_id, secret_hash, user_agent, ip)
    values (${id}, ${userId}, ${sha256(secret)}, ${meta.userAgent ?? null}, ${meta.ip ?? null})`;
  return { id, token: `${id}.${secret}` };
}

type SessionRow = CurrentUser & { sessionId: string; secretHash: Buffer; lastVerifiedAt: Date };

/** The user behind a token, or null; also reports whether the cookie should be renewed. */
export async function validateSessionToken(db: Db, token: string): Promise<{ user: CurrentUser; sessionId: string; renewed: boolean } | null> {
  // anything but our own "id.secret" shape (a garbled or hostile cookie) is simply no session
  const [id, secret, extra] = token.split('.');
  if (!id || !secret || extra !== undefined || !/^[\w-]{1,64}$/.test(id) || !/^[\w-]{1,128}$/.test(secret)) return null;
  const [row]: [SessionRow?] = await db`
    select s.id as session_id, s.secret_hash, s.last_verified_at,
           u.id, u.email, u.first_name, u.last_name, u.roles, u.is_user_admin, u.locale, u.time_zone
    from sessions s join users u on u.id = s.user_id
    where s.id = ${id} and u.active`;
  if (!row) return null;
  const given = sha256(secret);
  if (given.length !== row.secretHash.length || !timingSafeEqual(given, row.secretHash)) return null;
  const idleMs = Date.now() - row.lastVerifiedAt.getTime();
  if (idleMs > SESSION_MAX_IDLE_MS) {
    await deleteSession(db, id);
    return null;
  }
  const renewed = idleMs > TOUCH_EVERY_MS;
  if (renewed) await db`update sessions set last_verified_at = now() where id = ${id}`;
  const { sessionId, secretHash: _h, lastVerifiedAt: _l, ...user } = row;
  return { user: { ...user, id: Number(user.id) }, sessionId, renewed };
}

export async function deleteSession(db: Db, id: string) {
  await db`delete from sessions where id = ${id}`;
}

export async function deleteUserSessions(db: Db, userId: number, exceptSessionId?: string) {
  await db`delete from sessions where user_id = ${userId} and id is distinct from ${exceptSessionId ?? null}`;
}

export async function purgeExpiredSessions(db: Db) {
  const rows = await db`delete from sessions where last_verified_at < now() - ${SESSION_MAX_IDLE_MS / 1000} * interval '1 second' returning id`;
  return rows.length;
}
