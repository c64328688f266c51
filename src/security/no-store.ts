/*
 * Signed-in pages hold invoices, names and the CSRF token: no browser or proxy cache may keep
 * them (Back after sign-out, a shared computer). Every HTML page and every answer to a signed-in
 * user that did not choose its own Cache-Control (assets and downloads do) gets `no-store`.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context';

export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.headers.has('Cache-Control')) return;
  const html = (c.res.headers.get('Content-Type') ?? '').startsWith('text/html');
  if (html || c.get('user')) c.res.headers.set('Cache-Control', 'no-store');
};
