import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { forwardedProto } from '../security/proxy';

/** Cookies are Secure whenever the browser reached us over TLS (directly or via a trusted proxy). */
export function isHttps(c: Context, proxyHops: number, publicUrl: string) {
  if (publicUrl.startsWith('https:')) return true;
  return forwardedProto(c, proxyHops) === 'https';
}

export type CookieJar = {
  get(name: string): string | undefined;
  set(name: string, value: string, opts?: Pick<CookieOptions, 'maxAge' | 'path'>): void;
  clear(name: string, opts?: Pick<CookieOptions, 'path'>): void;
};

export function cookieJar(c: Context, secure: boolean): CookieJar {
  const base: CookieOptions = { path: '/', httpOnly: true, sameSite: 'Lax', secure };
  return {
    get: (name) => getCookie(c, name),
    set: (name, value, opts) => setCookie(c, name, value, { ...base, ...opts }),
    clear: (name, opts) => deleteCookie(c, name, { ...base, ...opts }),
  };
}
