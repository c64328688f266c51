/*
 * Login throttling in the database, so it holds across every web process: at most
 * ACCOUNT_LIMIT failures per account and IP_LIMIT per IP address within the window.
 */
import type { Db } from '../db/connection';

export const WINDOW_MINUTES = 15;
export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;

export async function loginThrottled(db: Db, email: string, ip: string): Promise<'account' | 'ip' | null> {
  const [counts] = await db<{ byAccount: number; byIp: number }[]>`
    select
      count(*) filter (where email = ${email})::int as by_account,
      count(*) filter (where ip = ${ip})::int as by_ip
    from login_failures
    where at > now() - ${WINDOW_MINUTES} * interval '1 minute' and (email = ${email} or ip = ${ip})`;
  if (counts!.byAccount >= ACCOUNT_LIMIT) return 'account';
  if (counts!.byIp >= IP_LIMIT) return 'ip';
  return null;
}

export async function recordLoginFailure(db: Db, email: string, ip: string) {
  await db`insert into login_failures (email, ip) values (${email}, ${ip})`;
}

export async function clearLoginFailures(db: Db, email: string) {
  await db`delete from login_failures where email = ${email}`;
}

export async function purgeOldLoginFailures(db: Db) {
  await db`delete from login_failures where at < now() - ${WINDOW_MINUTES} * interval '1 minute'`;
}
