/* One-shot messages across a redirect (Post/Redirect/Get), kept in a short-lived cookie. */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import type { CookieJar } from './cookies';

const COOKIE = 'apdesk_flash';

export function flashMessages(jar: (c: Context) => CookieJar): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookies = jar(c);
    const raw = cookies.get(COOKIE);
    c.set('flash', null);
    if (raw !== undefined && c.req.method === 'GET') {
      // a cookie we did not write (garbled, truncated) is dropped, never a 500 on every page
      c.set('flash', readFlash(raw));
      cookies.clear(COOKIE);
    }
    await next();
  };
}

function readFlash(raw: string): string | null {
  try {
    const text = decodeURIComponent(raw).replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 300);
    return text || null;
  } catch {
    return null;
  }
}

export function setFlash(jar: CookieJar, message: string) {
  jar.set(COOKIE, encodeURIComponent(message), { maxAge: 60 });
}
