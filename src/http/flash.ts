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
    if (raw && c.req.method === 'GET') {
      c.set('flash', decodeURIComponent(raw).slice(0, 300));
      cookies.clear(COOKIE);
    }
    await next();
  };
}

export function setFlash(jar: CookieJar, message: string) {
  jar.set(COOKIE, encodeURIComponent(message), { maxAge: 60 });
}
