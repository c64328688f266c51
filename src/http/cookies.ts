import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

/** Cookies are Secure whenever the browser reached us over TLS (directly or via a trusted proxy). */
export function isHttps(c: Context, trustProxy: boolean, publicUrl: string) {
  if (publicUrl.startsWith('https:')) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export type CookieJar = {
  get(name: string): string | undefined;
  set(name: string, value: string, opts?: Pick<CookieOptions, 'maxAge'>): void;
  clear(name: string): void;
};

export function cookieJar(c: Context, secure: boolean): CookieJar {
  const base: CookieOptions = { path: '/', httpOnly: true, sameSite: 'Lax', secure };
  return {
    get: (name) => getCookie(c, name),
    set: (name, value, opts) => setCookie(c, name, value, { ...base, ...opts }),
    clear: (name) => deleteCookie(c, name, base),
  };
}
