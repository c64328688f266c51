/*
 * Idempotency-Key on POST (the IETF httpapi draft's header): the first request with a key
 * runs and its answer is kept for 24 hours; the same key with the same method, path and
 * body again gets that answer back (Idempotent-Replayed: true) without doing anything twice.
 * The same key with a different request is 422; while the first is still running, 409.
 * Keys belong to the token that sent them. A 5xx answer is not kept, so a retry runs again.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Db } from '../db/connection';
import { apiCaller } from './auth';
import { problem } from './problem';

export const IDEMPOTENCY_HOURS = 24;

/** The header as the OpenAPI document describes it on every POST. */
export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description: 'Makes a repeated POST harmless: the same key and body within 24 hours get the first answer back (Idempotent-Replayed: true).',
  schema: { type: 'string' as const, maxLength: 255 },
};
const KEY = /^[\x21-\x7e]{1,255}$/;

type Stored = { requestHash: string; statusCode: number | null; contentType: string | null; responseBody: string | null; fresh: boolean };

export function idempotency(db: Db): MiddlewareHandler {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY.test(key)) return problem(c, 400, 'The Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces.');
    const tokenId = apiCaller(c).id;
    const body = await c.req.text();
    const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`).update(body).digest('hex');

    const claimed = await db`
      insert into api_idempotency_keys (token_id, key, method, path, request_hash) values (${tokenId}, ${key}, ${c.req.method}, ${c.req.path}, ${hash})
      on conflict (token_id, key) do update set method = excluded.method, path = excluded.path, request_hash = excluded.request_hash,
        status_code = null, content_type = null, response_body = null, created_at = now()
        where api_idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_HOURS})
      returning 1`;
    if (claimed.length === 0) {
      const [stored]: [Stored?] = await db`
        select request_hash, status_code, content_type, response_body, true as fresh from api_idempotency_keys where token_id = ${tokenId} and key = ${key}`;
      if (!stored) return problem(c, 409, 'A request with this Idempotency-Key was just being processed; send it again.');
      if (stored.requestHash !== hash) return problem(c, 422, 'This Idempotency-Key was already used for a different request; use a new key for a new request.');
      if (stored.statusCode === null) return problem(c, 409, 'A request with this Idempotency-Key is still being processed; send it again in a moment.');
      return c.body(stored.responseBody ?? '', stored.statusCode as 200, {
        ...(stored.contentType ? { 'Content-Type': stored.contentType } : {}),
        'Idempotent-Replayed': 'true',
        'Cache-Control': 'no-store',
      });
    }

    const forget = () => db`delete from api_idempotency_keys where token_id = ${tokenId} and key = ${key}`;
    try {
      await next();
    } catch (error) {
      await forget();
      throw error;
    }
    if (c.res.status >= 500) await forget();
    else {
      await db`
        update api_idempotency_keys set status_code = ${c.res.status}, content_type = ${c.res.headers.get('content-type')}, response_body = ${await c.res.clone().text()}
        where token_id = ${tokenId} and key = ${key}`;
    }
  };
}

/** Daily: forget keys older than the replay window. */
export async function purgeIdempotencyKeys(db: Db) {
  return (await db`delete from api_idempotency_keys where created_at < now() - make_interval(hours => ${IDEMPOTENCY_HOURS})`).count;
}
