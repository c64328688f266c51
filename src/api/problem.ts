/*
 * Every error of /api/v1 is an RFC 9457 problem (application/problem+json): a status, a
 * title per kind, and a sentence (detail) saying what was wrong and what to send instead.
 * Field errors ride along as `errors` (path → sentence).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { isConnectionError } from '../db/health';

export const PROBLEM_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export type Problem = { type: string; title: string; status: number; detail: string; errors?: Record<string, string>; requestId?: string };

export function problemBody(status: number, detail: string, errors?: Record<string, string>): Problem {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...(errors && Object.keys(errors).length > 0 ? { errors } : {}) };
}

export function problem(c: Context, status: number, detail: string, errors?: Record<string, string>): Response {
  const body: Problem = { ...problemBody(status, detail, errors), requestId: c.get('requestId' as never) as string | undefined };
  return c.body(JSON.stringify(body), status as 400, { 'Content-Type': PROBLEM_TYPE, 'Cache-Control': 'no-store' });
}

/** Standard Schema issues (what the validators report) → path → first sentence. */
export function issueErrors(issues: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.') || 'body';
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The validator hook: a failed check answers 400 with a sentence per field. */
export const onInvalid = (what: string) => (result: { success: boolean; error?: readonly { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] }[] }, c: Context) => {
  if (result.success) return;
  const errors = issueErrors(result.error ?? []);
  const first = Object.entries(errors)[0];
  return problem(c, 400, `The ${what} was not accepted${first ? `: ${first[0] === 'body' ? '' : `${first[0]}: `}${first[1]}` : '.'}`, errors);
};

/** Errors thrown inside the API (malformed JSON, wrong content type, body too large) as problems; the rest as a logged 500. */
export function apiOnError(error: Error, c: Context): Response {
  if (isConnectionError(error)) {
    c.header('Retry-After', '5');
    return problem(c, 503, 'apdesk cannot reach its database right now (it may be restarting). Nothing was lost; try again in a few seconds.');
  }
  if (error instanceof HTTPException && error.status < 500) {
    const detail =
      error.status === 400 && /json/i.test(error.message)
        ? 'The body is not valid JSON. Send a JSON object with Content-Type: application/json.'
        : error.status === 413
          ? 'The body is too large.'
          : error.message || 'The request was not accepted.';
    return problem(c, error.status, detail);
  }
  (c.get('log' as never) as { error(o: object, m: string): void } | undefined)?.error({ err: error, path: c.req.path }, 'API request failed');
  return problem(c, 500, 'apdesk could not finish this request. It has been logged; try again in a moment.');
}

export const ProblemSchema = v.object({
  type: v.string(),
  title: v.pipe(v.string(), v.description('Short name of the kind of problem, e.g. "Not found".')),
  status: v.pipe(v.number(), v.integer()),
  detail: v.pipe(v.string(), v.description('What was wrong, in a sentence.')),
  errors: v.optional(v.pipe(v.record(v.string(), v.string()), v.description('Per field (dotted path): what is wrong with it.'))),
  requestId: v.optional(v.string()),
});
