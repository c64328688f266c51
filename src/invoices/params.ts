/* What the invoice routes read from a request: ids, the list's filters and cursor, and whether htmx wants a fragment. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { parseFilters, type Filters } from './filters';
import type { Position } from './list-query';
import { decodeCursor } from './sorts';
import type { ListView } from './statuses';

export const invoiceNotFound = () => new HTTPException(404, { message: 'There is no such invoice, or you may not see it.' });

export function idParam(c: Context, name = 'id') {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 53) throw invoiceNotFound();
  return id;
}

/** The list a request is about: from the URL of a list page, or from the query an invoice page carries. */
export function listFilters(query: Record<string, string | undefined>, view?: ListView) {
  return parseFilters(query, view ?? (query.list === 'complete' ? 'complete' : 'open'));
}

/** A list query carried through a form (hidden field), read back into filters. */
export const carriedFilters = (listQuery: unknown) =>
  listFilters(Object.fromEntries(new URLSearchParams(typeof listQuery === 'string' ? listQuery : '')));

export function listPosition(c: Context, f: Filters): Position {
  const after = c.req.query('after');
  const before = c.req.query('before');
  const raw = after ?? before;
  if (!raw) return null;
  const cursor = decodeCursor(raw, f.sort);
  if (cursor === 'invalid') throw new HTTPException(400, { message: 'This page link is damaged; start again from My Invoices.' });
  return after ? { after: cursor } : { before: cursor };
}

/** htmx asking for the results table alone (the filter form, sort headers and pager target it). */
export function isFragmentRequest(c: Context, target = 'invoice-results') {
  c.header('Vary', 'HX-Request, HX-Target');
  return c.req.header('hx-request') === 'true' && c.req.header('hx-target') === target;
}

export const listPath = (f: Filters) => (f.view === 'complete' ? '/invoices/complete' : '/invoices');
