/*
 * One error handler. HTTPExceptions carry a message meant for people; anything else is
 * logged in full and shown only as a generic page with the request id (raw errors can
 * hold confidential detail).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorPage } from '../../views/errors';
import { problem } from '../api/problem';
import { isConnectionError, type DatabaseHealth } from '../db/health';
import type { AppEnv } from './context';

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Sign in', 403: 'Not allowed', 404: 'Not found', 413: 'Too large', 429: 'Slow down', 503: 'Back in a moment' };

function render(c: Context<AppEnv>, status: number, message: string) {
  c.status(status as 400);
  const title = TITLES[status] ?? 'Something went wrong';
  if (c.req.header('hx-request')) return c.html(<p class="form-error" role="alert">{message}</p>);
  return c.render(<ErrorPage title={title} message={message} requestId={c.get('requestId')} />, { title });
}

/** Seconds a client is asked to wait (Retry-After) while the database is out of reach. */
export const RETRY_AFTER_SECONDS = 5;
const UNAVAILABLE = 'apdesk cannot reach its database right now (it may be restarting). Nothing was lost; try again in a few seconds.';

/** 503 with Retry-After: a page, an htmx fragment, or an API problem. */
export function databaseUnavailable(c: Context<AppEnv>) {
  c.header('Retry-After', String(RETRY_AFTER_SECONDS));
  if (c.req.path.startsWith('/api/')) return problem(c, 503, UNAVAILABLE);
  return render(c, 503, UNAVAILABLE);
}

/** The app's error handler; errors that mean "the database is out of reach" answer 503 and tell `database`. */
export const errorHandler = (database?: DatabaseHealth): ErrorHandler<AppEnv> => (error, c) => {
  if (isConnectionError(error)) {
    database?.noticed(error);
    c.get('log')?.warn({ err: error, path: c.req.path }, 'request failed: database out of reach');
    return databaseUnavailable(c);
  }
  return onError(error, c);
};

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof HTTPException && error.status < 500) return render(c, error.status, error.message);
  c.get('log')?.error({ err: error, path: c.req.path }, 'request failed');
  return render(c, 500, 'apdesk could not finish this request. It has been logged; try again in a moment.');
};

export const notFound: NotFoundHandler<AppEnv> = (c) => render(c, 404, 'There is nothing at this address, or you may not see it.');
