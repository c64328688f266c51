/*
 * CSRF: a signed double-submit token. A random HttpOnly cookie identifies the browser; pages
 * embed HMAC(SESSION_SECRET, cookie) in every form (_csrf) and in htmx's headers
 * (X-CSRF-Token). Every non-GET request must echo it. Signing means a cookie planted by a
 * sibling subdomain is useless without our secret. Cross-site requests are refused outright.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './context';
import type { CookieJar } from './cookies';

const COOKIE = 'apdesk_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sign = (secret: string, value: string) => createHmac('sha256', secret).update(`csrf:${value}`).digest('base64url');

function sameToken(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function csrfProtection(secret: string, jar: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => CookieJar): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookies = jar(c);
    let browserId = cookies.get(COOKIE);
    if (!browserId || !/^[\w-]{20,64}$/.test(browserId)) {
      browserId = randomBytes(24).toString('base64url');
      cookies.set(COOKIE, browserId);
      if (!SAFE_METHODS.has(c.req.method)) throw csrfFailure();
    }
    const expected = sign(secret, browserId);
    c.set('csrfToken', expected);
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (c.req.header('sec-fetch-site') === 'cross-site') throw csrfFailure();
    const given = c.req.header('x-csrf-token') ?? (await formToken(c));
    if (!given || !sameToken(given, expected)) throw csrfFailure();
    return next();
  };
}

/** A new browser id at sign-in: a token seen before signing in (a shared computer, a planted cookie) is worthless after. */
export function rotateCsrfCookie(cookies: CookieJar) {
  cookies.set(COOKIE, randomBytes(24).toString('base64url'));
}

async function formToken(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  const body = await c.req.parseBody({ all: true });
  const value = body._csrf;
  return typeof value === 'string' ? value : undefined;
}

const csrfFailure = () =>
  new HTTPException(403, { message: 'This form has expired or did not come from apdesk. Reload the page and try again.' });
