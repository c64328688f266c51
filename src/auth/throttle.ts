/*
 * Login throttling in the database, so it holds across every web process: at most
 * ACCOUNT_LIMIT failures per account and IP_LIMIT per IP address within the window.
 */
import type { Db, Sql } from '../db/connection';

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

/** Namespace of the advisory locks below (the two-key form keeps them apart from other locks). */
const LOCK_NAMESPACE = 7_313_001;

/**
 * Counts and records one attempt as one step: under a transaction lock per account and per IP
 * it checks the limits and, if allowed, records the attempt as a failure *before* the password
 * is checked. Parallel attempts therefore queue on the lock and each sees the ones before it;
 * 40 parallel guesses get exactly ACCOUNT_LIMIT password checks. A sign-in that succeeds
 * removes the account's failures again (clearLoginFailures).
 */
export async function beginLoginAttempt(sql: Sql, email: string, ip: string): Promise<'account' | 'ip' | null> {
  return sql.begin(async (tx) => {
    const keys = [`email:${email.toLowerCase()}`, `ip:${ip}`];
    // always in key order, so two attempts never wait on each other crosswise
    await tx`
      select pg_advisory_xact_lock(${LOCK_NAMESPACE}, k)
      from (select hashtext(x) as k from unnest(${keys}::text[]) x order by 1 offset 0) ordered`;
    const throttled = await loginThrottled(tx, email, ip);
    if (!throttled) await tx`insert into login_failures (email, ip) values (${email}, ${ip})`;
    return throttled;
  });
}

export async function clearLoginFailures(db: Db, email: string) {
  await db`delete from login_failures where email = ${email}`;
}

export async function purgeOldLoginFailures(db: Db) {
  await db`delete from login_failures where at < now() - ${WINDOW_MINUTES} * interval '1 minute'`;
}
