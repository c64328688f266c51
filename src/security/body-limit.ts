/*
 * The request-body cap, installed in front of everything that may read a body (CSRF, sessions,
 * forms, the JSON API). Without it an anonymous POST /login with a 200 MB form was read whole
 * by the CSRF check. A declared Content-Length over the cap is answered 413 before a byte of
 * the body is read; a chunked body is counted as it streams and cut off at the cap (hono's
 * bodyLimit does both). @hono/node-server then discards what the client still sends for at most
 * 500 ms / 64 MB and closes the connection (a lingering close, so the client sees the 413
 * instead of a reset), without keeping any of it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from '../api/problem';

const MB = 1024 * 1024;

/** Every form and JSON body, including the anonymous sign-in. */
export const DEFAULT_BODY_LIMIT = 1 * MB;
/** CSV imports (master data, purchase orders): 2 MB of CSV, pasted text percent-encoded can triple. */
export const IMPORT_BODY_LIMIT = 8 * MB;
/** The JSON API under /api/v1. */
export const API_BODY_LIMIT = 5 * MB;

export type BodyLimitRule = { maxSize: number; reason: string };

/** Paths with a cap of their own (the invoice upload) return null: their route installs it. */
export function bodyLimitFor(path: string, exempt: readonly string[]): BodyLimitRule | null {
  if (exempt.includes(path)) return null;
  if (path === '/api/v1' || path.startsWith('/api/v1/')) return { maxSize: API_BODY_LIMIT, reason: 'api' };
  if (/\/import(\/confirmation)?$/.test(path)) return { maxSize: IMPORT_BODY_LIMIT, reason: 'import' };
  return { maxSize: DEFAULT_BODY_LIMIT, reason: 'default' };
}

const megabytes = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

function tooLarge(c: Context, maxSize: number) {
  const sentence = `This request is larger than ${megabytes(maxSize)}, the most apdesk accepts here.`;
  // the API answers every error as application/problem+json (src/api/problem.ts)
  if (c.req.path.startsWith('/api/')) return problem(c, 413, sentence);
  return c.text(sentence, 413);
}

export function requestBodyLimit(opts: { exempt: readonly string[] }): MiddlewareHandler {
  const limiters = new Map<number, MiddlewareHandler>();
  const limiter = (maxSize: number) => {
    let found = limiters.get(maxSize);
    if (!found) limiters.set(maxSize, (found = bodyLimit({ maxSize, onError: (c) => tooLarge(c, maxSize) })));
    return found;
  };
  return async (c, next) => {
    const rule = bodyLimitFor(c.req.path, opts.exempt);
    if (!rule) return next();
    return limiter(rule.maxSize)(c, next);
  };
}
