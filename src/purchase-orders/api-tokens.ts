/*
 * Bearer tokens for /api/v1, shaped like our sessions: the caller holds
 * "apdesk_<id>.<secret>" (32 random bytes), only sha256(secret) is stored, and it is
 * compared in constant time. A token is shown once, when it is created; revoked tokens fail.
 * Its scopes are chosen at creation and never widened (a new token is made instead).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection';

export const SCOPES = ['invoices:read', 'invoices:export', 'purchase-orders:write'] as const;
export type Scope = (typeof SCOPES)[number];
export const SCOPE_LABELS: Record<Scope, string> = {
  'invoices:read': 'Read invoices, their originals and attachments',
  'invoices:export': 'Report export results and payments',
  'purchase-orders:write': 'Send purchase orders and goods receipts',
};
export const isScope = (s: unknown): s is Scope => typeof s === 'string' && (SCOPES as readonly string[]).includes(s);

export type ApiTokenRow = { id: number; name: string; scopes: Scope[]; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; createdByName: string | null };
export type ApiCaller = { id: number; name: string; scopes: Scope[] };

const hash = (secret: string) => createHash('sha256').update(secret).digest();
const TOKEN = /^apdesk_(\d{1,18})\.([\w-]{43})$/;

export async function createApiToken(db: Db, name: string, createdBy: number, scopes: readonly Scope[] = ['purchase-orders:write']): Promise<{ id: number; token: string }> {
  const secret = randomBytes(32).toString('base64url');
  const [row] = await db<{ id: number }[]>`
    insert into api_tokens (name, secret_hash, created_by, scopes) values (${name}, ${hash(secret)}, ${createdBy}, ${[...scopes]}::text[]) returning id::int`;
  return { id: row!.id, token: `apdesk_${row!.id}.${secret}` };
}

/** The token (id, name, scopes) when the Authorization header carries a valid, unrevoked token; else null. */
export async function verifyBearer(db: Db, authorization: string | undefined): Promise<ApiCaller | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const parts = match ? TOKEN.exec(match[1]!) : null;
  if (!parts) return null;
  const [row]: [{ id: number; name: string; scopes: Scope[]; secretHash: Buffer }?] = await db`
    select id::int, name, scopes, secret_hash from api_tokens where id = ${parts[1]!} and revoked_at is null`;
  if (!row) return null;
  const given = hash(parts[2]!);
  if (given.length !== row.secretHash.length || !timingSafeEqual(given, row.secretHash)) return null;
  await db`update api_tokens set last_used_at = now() where id = ${row.id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`;
  return { id: row.id, name: row.name, scopes: row.scopes };
}

export const listApiTokens = (db: Db) =>
  db<ApiTokenRow[]>`
    select t.id::int, t.name, t.scopes, t.created_at, t.last_used_at, t.revoked_at, u.first_name || ' ' || u.last_name as created_by_name
    from api_tokens t left join users u on u.id = t.created_by order by t.revoked_at nulls first, t.created_at desc`;

export async function revokeApiToken(db: Db, id: number): Promise<boolean> {
  return (await db`update api_tokens set revoked_at = now() where id = ${id} and revoked_at is null`).count > 0;
}
