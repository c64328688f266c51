/*
 * Ids in addresses are canonical: "/invoices/51" only. Route params are read with Number(),
 * which also takes "0x33", "51.0", "051", "5.1e1" or " 51" and opened invoice 51 under five
 * names. This guard answers 404 for any path segment that reads as a number but is not written
 * the one way we write ids, before any route sees it; other segments (slugs, dates, file names) pass.
 */
import type { MiddlewareHandler } from 'hono';

export const CANONICAL_ID = /^[1-9]\d*$/;

/** A segment Number() would read as a number, written any way but /^[1-9]\d*$/. */
export function isNonCanonicalNumber(segment: string): boolean {
  if (segment.trim() === '' || CANONICAL_ID.test(segment)) return false;
  return Number.isFinite(Number(segment));
}

export const canonicalIds: MiddlewareHandler = async (c, next) => {
  for (const raw of c.req.path.split('/')) {
    let segment = raw;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      // not percent-decodable: not a number either
    }
    if (isNonCanonicalNumber(segment)) return c.notFound();
  }
  return next();
};
