/*
 * One guard for every value a request carries into apdesk: query, form fields and JSON.
 * PostgreSQL refuses NUL in text (a 500 with a stack trace before this guard) and the other C0
 * control characters are never meant in an invoice, a name or a search; tab, CR and LF stay
 * allowed (multi-line notes, pasted CSV, a search pasted from a spreadsheet). The guard answers
 * before any route sees the value: 400 for a query or JSON, each with a sentence. A form (urlencoded
 * or multipart) is the exception, so that the field can be shown next to the field: the guard only
 * notes which text fields hold control characters and lets the request on to
 * the route, whose form reader (src/http/form.ts) either refuses it with the same 422 sentence
 * (`formFields`, the default, so a route that does nothing about it stays safe) or hands the route
 * the fields without the control characters and an error for each bad one (`readForm`,
 * `parseForm`), which the route shows beside the field like its own validation errors. Files in a
 * multipart form are not looked at here: the upload takes control characters out of a file's name
 * (src/invoices/uploads.ts), the CSV imports refuse a file holding one (src/master-data/csv-upload.ts).
 * The body cap (body-limit.ts) is installed before this guard, which reads the whole form.
 * Cookies are not refused here: each cookie is validated where it is read, and a damaged one is
 * treated as absent (a session cookie of garbage is simply no session).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

export const hasControlCharacters = (value: string) => CONTROL.test(value);

/** The first key or value path holding a control character, e.g. "lines[0].description". */
function firstBadPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? path || 'body' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstBadPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (CONTROL.test(key)) return path || 'body';
      const found = firstBadPath(inner, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Each form field holding a control character, noted by the guard for the route's form reader. */
const flaggedFields = new WeakMap<Request, string[]>();

/** The names of the form fields that hold a control character (empty when none do). */
export const controlCharacterFields = (request: Request): readonly string[] => flaggedFields.get(request) ?? [];

/** The value with its control characters taken out, to show it back in a form beside the error. */
export const withoutControlCharacters = (value: string) => value.replace(CONTROL_ALL, '');

export const FIELD_MESSAGE = 'This field contains a control character (such as NUL) that apdesk cannot store. It is taken out here: check the value and send the form again.';

export const sentence = (where: string) =>
  `${where} contains a control character (such as NUL) that apdesk cannot store. Remove it and try again.`;

function refuse(c: Context, status: 400 | 422, message: string): Response {
  if (c.req.path.startsWith('/api/')) return c.json({ error: message }, status);
  throw new HTTPException(status, { message });
}

export function controlCharacterGuard(): MiddlewareHandler {
  return async (c, next) => {
    const query = new URL(c.req.url).searchParams;
    for (const [key, value] of query) {
      if (CONTROL.test(key) || CONTROL.test(value)) return refuse(c, 400, sentence(`The address (its “${key.replace(CONTROL, '').slice(0, 40)}” parameter)`));
    }
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.raw.body) return next();
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
      const body = await c.req.parseBody({ all: true });
      const texts = Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' ? v : ''] as const);
      const field = firstBadPath(Object.fromEntries(texts), '');
      if (field) {
        const bad = texts.filter(([, v]) => firstBadPath(v, '') !== null).map(([k]) => k);
        // a bad field name or CSRF token, or anything under /api, is refused here
        const deferred = !c.req.path.startsWith('/api/') && !bad.includes('_csrf') && texts.every(([k]) => !CONTROL.test(k));
        if (!deferred) return refuse(c, 422, sentence(`The field “${field.replace(/\[\d+\]$/, '').slice(0, 60)}”`));
        flaggedFields.set(c.req.raw, bad);
      }
    } else if (type.startsWith('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await c.req.text());
      } catch {
        return next(); // not JSON: the route says so in its own words
      }
      const field = firstBadPath(parsed, '');
      if (field) return refuse(c, 400, sentence(`The JSON value at “${field.slice(0, 80)}”`));
    }
    return next();
  };
}
