/*
 * One error handler. HTTPExceptions carry a message meant for people; anything else is
 * logged in full and shown only as a generic page with the request id (raw errors can
 * hold confidential detail).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ErrorPage } from '../../views/errors';
import type { AppEnv } from './context';

const TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Sign in', 403: 'Not allowed', 404: 'Not found', 413: 'Too large', 429: 'Slow down' };

function render(c: Context<AppEnv>, status: number, message: string) {
  c.status(status as 400);
  const title = TITLES[status] ?? 'Something went wrong';
  if (c.req.header('hx-request')) return c.html(<p class="form-error" role="alert">{message}</p>);
  return c.render(<ErrorPage title={title} message={message} requestId={c.get('requestId')} />, { title });
}

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof HTTPException && error.status < 500) return render(c, error.status, error.message);
  c.get('log')?.error({ err: error, path: c.req.path }, 'request failed');
  return render(c, 500, 'apdesk could not finish this request. It has been logged; try again in a moment.');
};

export const notFound: NotFoundHandler<AppEnv> = (c) => render(c, 404, 'There is nothing at this address, or you may not see it.');
