/*
 * Secure by default: every request gets c.var.user (or null); every path not listed as
 * public sends anonymous visitors to /login, remembering where they were going.
 */
import type { MiddlewareHandler } from 'hono';
import { SESSION_COOKIE } from '../auth/routes';
import { SESSION_MAX_IDLE_MS, validateSessionToken } from '../auth/sessions';
import type { AppEnv } from './context';
import type { Deps } from './deps';

const PUBLIC_PATHS = new Set(['/login', '/healthz', '/metrics']);
const isPublic = (path: string) => PUBLIC_PATHS.has(path) || path.startsWith('/assets/');

export function loadSession(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', null);
    c.set('sessionId', null);
    const jar = deps.jar(c);
    const token = jar.get(SESSION_COOKIE);
    if (token) {
      const found = await validateSessionToken(deps.sql, token);
      if (found) {
        c.set('user', found.user);
        c.set('sessionId', found.sessionId);
        if (found.renewed) jar.set(SESSION_COOKIE, token, { maxAge: SESSION_MAX_IDLE_MS / 1000 });
      } else {
        jar.clear(SESSION_COOKIE);
      }
    }
    await next();
  };
}

export const requireSignIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('user') || isPublic(c.req.path)) return next();
  const url = new URL(c.req.url);
  const target = `/login?next=${encodeURIComponent(url.pathname + url.search)}`;
  if (c.req.header('hx-request')) {
    c.header('HX-Redirect', target);
    return c.body(null, 401);
  }
  return c.redirect(target, 302);
};
