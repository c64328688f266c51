/*
 * A user's Pagero connection and its tokens. Access tokens are refreshed 60 s before they
 * expire and once after a 401. Refreshes of one connection are serialized across processes
 * by a row lock, and the rotated refresh token is committed before the new access token is
 * used: Pagero's refresh tokens are single-use, so two unserialized refreshes would kill
 * the grant. invalid_grant (revoked consent, the three-year cap, a replayed token) marks
 * the connection "needs renewal", drops its tokens, and tells the user by email.
 */
import type { Db, Sql } from '../db/connection';
import type { Logger } from '../logger';
import { queueMail } from '../mail/outbox';
import { PageroGrantError, type PageroOAuth, type PageroTokens } from './oauth';
import type { TokenCipher } from './token-crypto';

export const REFRESH_CHAIN_YEARS = 3;
const REFRESH_HEADROOM_MS = 60_000;

export type ConnectionStatus = 'active' | 'needs_renewal' | 'disconnected';

export type Connection = {
  id: number;
  userId: number;
  status: ConnectionStatus;
  accessToken: Buffer | null;
  accessExpiresAt: Date | null;
  refreshToken: Buffer | null;
  chainStartedAt: Date;
  chainExpiresAt: Date;
  connectedAt: Date;
  lastRefreshedAt: Date | null;
  needsRenewalReason: string | null;
};

export class NeedsRenewalError extends Error {
  constructor(readonly connectionId: number, reason: string) {
    super(`the Pagero connection needs renewal: ${reason}`);
  }
}

export function chainEnd(start: Date) {
  const end = new Date(start);
  end.setUTCFullYear(end.getUTCFullYear() + REFRESH_CHAIN_YEARS);
  return end;
}

const columns = (db: Db) =>
  db`id::int, user_id::int, status, access_token, access_expires_at, refresh_token, chain_started_at, chain_expires_at, connected_at, last_refreshed_at, needs_renewal_reason`;

export async function connectionOfUser(db: Db, userId: number) {
  const [row]: [Connection?] = await db`select ${columns(db)} from pagero_connections where user_id = ${userId}`;
  return row;
}

export async function findConnection(db: Db, id: number) {
  const [row]: [Connection?] = await db`select ${columns(db)} from pagero_connections where id = ${id}`;
  return row;
}

/** A new login: create the user's connection, or renew it in place with a new three-year chain. */
export async function saveConnection(db: Db, cipher: TokenCipher, userId: number, tokens: PageroTokens, now = new Date()): Promise<number> {
  const [row] = await db<{ id: number }[]>`
    insert into pagero_connections
      (user_id, status, access_token, access_expires_at, refresh_token, chain_started_at, chain_expires_at, connected_at, last_refreshed_at)
    values
      (${userId}, 'active', ${cipher.encrypt(tokens.accessToken)}, ${tokens.accessExpiresAt}, ${cipher.encrypt(tokens.refreshToken)},
       ${now}, ${chainEnd(now)}, ${now}, null)
    on conflict (user_id) do update set
      status = 'active', access_token = excluded.access_token, access_expires_at = excluded.access_expires_at,
      refresh_token = excluded.refresh_token, chain_started_at = excluded.chain_started_at,
      chain_expires_at = excluded.chain_expires_at, connected_at = excluded.connected_at,
      last_refreshed_at = null, needs_renewal_reason = null, updated_at = now()
    returning id::int`;
  return row!.id;
}

export async function markNeedsRenewal(db: Db, connectionId: number, reason: string, publicUrl: string) {
  const [row] = await db<{ email: string; firstName: string; connectedAt: Date }[]>`
    update pagero_connections c
    set status = 'needs_renewal', needs_renewal_reason = ${reason}, access_token = null, refresh_token = null, updated_at = now()
    from users u
    where c.id = ${connectionId} and u.id = c.user_id and c.status = 'active'
    returning u.email, u.first_name, c.connected_at`;
  if (!row) return;
  await queueMail(db, {
    kind: 'pagero_needs_renewal',
    dedupeKey: `pagero-needs-renewal:${connectionId}:${row.connectedAt.toISOString()}`,
    to: row.email,
    subject: 'Your Pagero connection in apdesk needs renewal',
    body: [
      `Hello ${row.firstName},`,
      '',
      `apdesk can no longer fetch e-invoices through your Pagero account (${reason}).`,
      'Renew the connection: sign in to apdesk, click your initials at the top right, choose E-invoicing Login,',
      'and sign in to Pagero again.',
      '',
      `${publicUrl}/einvoicing/login`,
    ].join('\n'),
  });
}

/** How long a token read from its row is reused without reading the row again. */
const TOKEN_RECHECK_MS = 5_000;

export type TokenSource = (rejected?: string) => Promise<string>;

/** The access token of a connection, refreshed when needed; pass the token Pagero just refused to force a refresh. */
export function connectionTokens(deps: { sql: Sql; cipher: TokenCipher; oauth: PageroOAuth; log: Logger; publicUrl: string }, connectionId: number): TokenSource {
  const { sql, cipher, oauth, log } = deps;
  const usable = (c: Connection, rejected?: string) => {
    if (!c.accessToken || !c.accessExpiresAt) return null;
    // A server handing out very short-lived tokens (the contract says to treat expires_in as data) would
    // otherwise see a refresh before every call: then refresh at half the token's life instead.
    const issuedAt = (c.lastRefreshedAt ?? c.connectedAt)?.getTime() ?? 0;
    const headroom = Math.min(REFRESH_HEADROOM_MS, Math.max(0, c.accessExpiresAt.getTime() - issuedAt) / 2);
    if (c.accessExpiresAt.getTime() - Date.now() < headroom) return null;
    const token = cipher.decrypt(c.accessToken);
    return token === rejected ? null : token;
  };
  const assertActive = (c: Connection | undefined): Connection => {
    if (!c) throw new NeedsRenewalError(connectionId, 'the connection no longer exists');
    if (c.status !== 'active') throw new NeedsRenewalError(connectionId, c.needsRenewalReason ?? c.status);
    return c;
  };

  // A sync makes thousands of calls: the token read from the row is reused for a few seconds
  // (a disconnect or renewal elsewhere is noticed within that time, or at Pagero's next 401).
  let remembered: { token: string; until: number } | null = null;
  const remember = (token: string, expiresAt: Date | null) => {
    const until = Math.min(Date.now() + TOKEN_RECHECK_MS, (expiresAt?.getTime() ?? 0) - REFRESH_HEADROOM_MS);
    remembered = until > Date.now() ? { token, until } : null;
    return token;
  };

  return async (rejected) => {
    if (remembered && remembered.token !== rejected && remembered.until > Date.now()) return remembered.token;
    remembered = null;
    const current = assertActive(await findConnection(sql, connectionId));
    const fresh = usable(current, rejected);
    if (fresh) return remember(fresh, current.accessExpiresAt);

    let renewalReason: string | null = null;
    const token = await sql.begin(async (tx) => {
      const [locked]: [Connection?] = await tx`select ${columns(tx)} from pagero_connections where id = ${connectionId} for update`;
      const connection = assertActive(locked);
      const refreshedMeanwhile = usable(connection, rejected);
      if (refreshedMeanwhile) return refreshedMeanwhile;
      if (!connection.refreshToken) throw new NeedsRenewalError(connectionId, 'no refresh token');
      try {
        const tokens = await oauth.refresh(cipher.decrypt(connection.refreshToken));
        await tx`
          update pagero_connections
          set access_token = ${cipher.encrypt(tokens.accessToken)}, access_expires_at = ${tokens.accessExpiresAt},
              refresh_token = ${cipher.encrypt(tokens.refreshToken)}, last_refreshed_at = now(), updated_at = now()
          where id = ${connectionId}`;
        log.info({ connectionId }, 'Pagero access token refreshed');
        return remember(tokens.accessToken, tokens.accessExpiresAt);
      } catch (error) {
        if (!(error instanceof PageroGrantError)) throw error;
        renewalReason = 'Pagero no longer accepts the grant (consent withdrawn or the three-year limit reached)';
        await markNeedsRenewal(tx, connectionId, renewalReason, deps.publicUrl);
        return null;
      }
    });
    if (token === null) {
      log.warn({ connectionId, reason: renewalReason }, 'Pagero connection needs renewal');
      throw new NeedsRenewalError(connectionId, renewalReason ?? 'refused');
    }
    return token;
  };
}

export async function disconnect(db: Db, userId: number) {
  await db`
    update pagero_connections
    set status = 'disconnected', access_token = null, refresh_token = null, needs_renewal_reason = null, updated_at = now()
    where user_id = ${userId}`;
  await db`delete from pagero_connection_companies where connection_id in (select id from pagero_connections where user_id = ${userId})`;
}
