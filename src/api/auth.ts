/*
 * Bearer tokens of Settings > API tokens. A token acts for the organisation: it sees every
 * company's invoices, and nothing of the settings; what it may do is its scopes. No token
 * (or a wrong or revoked one) is 401, a token without the route's scope is 403.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/connection';
import { verifyBearer, type ApiCaller, type Scope } from '../purchase-orders/api-tokens';
import { problem } from './problem';

export type ApiEnv = { Variables: { apiToken: ApiCaller; requestId: string } };

export function bearerAuth(db: Db): MiddlewareHandler {
  return async (c, next) => {
    const token = await verifyBearer(db, c.req.header('authorization'));
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer realm="apdesk"');
      return problem(c, 401, 'Send a valid API token: Authorization: Bearer apdesk_… (Settings → API tokens).');
    }
    c.set('apiToken' as never, token as never);
    await next();
  };
}

export const apiCaller = (c: Context) => c.get('apiToken' as never) as ApiCaller;

/** Who the history names for what a token did. */
export const tokenLabel = (token: ApiCaller) => `API token “${token.name}”`;

export function requireScope(scope: Scope): MiddlewareHandler {
  return async (c, next) => {
    if (!apiCaller(c).scopes.includes(scope)) return problem(c, 403, `This token lacks the scope ${scope}; create a token with it in Settings → API tokens.`);
    await next();
  };
}
