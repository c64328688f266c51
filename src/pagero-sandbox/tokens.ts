import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { addDuration, parseIsoDuration } from './clock';
import type { AccessTokenRecord, GrantChain, RefreshTokenRecord, SandboxState } from './state';

/** Opaque token shapes Pagero's (Curity) server hands out. */
export const ACCESS_TOKEN_PREFIX = '_0XBPWQQ_';
export const REFRESH_TOKEN_PREFIX = '_1XBPWQQ_';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_TOKEN_KEY = randomBytes(32);

export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface TokenResponse {
  token_type: 'bearer';
  access_token: string;
  refresh_token: string;
  scope: string;
  expires_in: number;
  claims?: string;
  id_token?: string;
}

export function startChain(state: SandboxState, init: Pick<GrantChain, 'clientId' | 'username' | 'scopes' | 'grantType' | 'startedAt'>): GrantChain {
  const chain: GrantChain = { id: randomUUID(), rotations: 0, ...init };
  state.chains.set(chain.id, chain);
  return chain;
}

/** Issues a fresh access + refresh token pair in `chain`. */
export function issueTokens(state: SandboxState, chain: GrantChain, issuer: string, opts: { isRefresh: boolean }): TokenResponse {
  const now = state.clock.now();
  const access: AccessTokenRecord = {
    token: ACCESS_TOKEN_PREFIX + randomUUID(),
    chainId: chain.id,
    clientId: chain.clientId,
    username: chain.username,
    scopes: chain.scopes,
    issuedAt: now,
    expiresAt: now + state.config.accessTokenTtl * 1000,
  };
  const refresh: RefreshTokenRecord = { token: REFRESH_TOKEN_PREFIX + randomUUID(), chainId: chain.id, issuedAt: now };
  state.accessTokens.set(access.token, access);
  state.refreshTokens.set(refresh.token, refresh);
  const body: TokenResponse = {
    token_type: 'bearer',
    access_token: access.token,
    refresh_token: refresh.token,
    // Pagero's documented responses carry an empty scope string.
    scope: '',
    expires_in: state.config.accessTokenTtl,
  };
  if (opts.isRefresh) body.claims = 'publicid';
  if (chain.scopes.includes('openid')) body.id_token = idToken(state, chain, issuer, now);
  return body;
}

function idToken(state: SandboxState, chain: GrantChain, issuer: string, now: number): string {
  const user = state.users.get(chain.username);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'HS256', typ: 'JWT' });
  const payload = encode({
    iss: issuer,
    sub: user?.userId ?? chain.username,
    aud: chain.clientId,
    iat: Math.floor(now / 1000),
    exp: Math.floor(now / 1000) + state.config.accessTokenTtl,
    auth_time: Math.floor(chain.startedAt / 1000),
    preferred_username: chain.username,
  });
  const signature = createHmac('sha256', ID_TOKEN_KEY).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** When a refresh token stops working: a cap from the authentication, or (sliding) from its own issue time. */
export function refreshTokenExpiry(state: SandboxState, chain: GrantChain, record: RefreshTokenRecord): number {
  const max = parseIsoDuration(state.config.refreshChainMax) ?? { years: 3, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  return addDuration(state.config.refreshMode === 'sliding' ? record.issuedAt : chain.startedAt, max);
}

export function chainExpiry(state: SandboxState, chain: GrantChain): number {
  let latest: RefreshTokenRecord | undefined;
  for (const record of state.refreshTokens.values()) {
    if (record.chainId === chain.id && !record.usedAt && (!latest || record.issuedAt > latest.issuedAt)) latest = record;
  }
  return refreshTokenExpiry(state, chain, latest ?? { token: '', chainId: chain.id, issuedAt: chain.startedAt });
}

export function revokeChain(state: SandboxState, chainId: string, reason: string): void {
  const chain = state.chains.get(chainId);
  if (!chain || chain.revokedAt !== undefined) return;
  const now = state.clock.now();
  chain.revokedAt = now;
  chain.revokedReason = reason;
  for (const access of state.accessTokens.values()) {
    if (access.chainId === chainId && access.revokedAt === undefined) access.revokedAt = now;
  }
}

/** A bearer token the resource API accepts right now, or undefined. */
export function validAccessToken(state: SandboxState, token: string): AccessTokenRecord | undefined {
  const record = state.accessTokens.get(token);
  if (!record || record.revokedAt !== undefined || state.clock.now() >= record.expiresAt) return undefined;
  const chain = state.chains.get(record.chainId);
  if (!chain || chain.revokedAt !== undefined || !state.users.has(record.username)) return undefined;
  return record;
}
