import type { Context, MiddlewareHandler } from 'hono';
import type { SandboxEnv } from './env';
import type { SandboxState } from './state';
import { validAccessToken } from './tokens';

/** 401 in the shape the contract settles on (RFC 6750 header, small JSON body). */
export function invalidTokenResponse(state: SandboxState, c: Context<SandboxEnv>) {
  state.stats.api.unauthorized++;
  c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
  return c.json({ error: 'invalid_token' }, 401);
}

/** Resource-API guard: a live, unrevoked access token whose user still exists. */
export function requireBearer(state: SandboxState): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    state.stats.api.requests++;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const record = match?.[1] ? validAccessToken(state, match[1]) : undefined;
    if (!record) return invalidTokenResponse(state, c);
    c.set('access', record);
    await next();
  };
}
