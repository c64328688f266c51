import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, CurrentUser } from './context';

/** Route guard: the signed-in user must pass `allowed`, else 403. */
export const allow =
  (allowed: (user: CurrentUser) => boolean): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const user = c.get('user');
    if (!user || !allowed(user)) throw new HTTPException(403, { message: 'You do not have access to this page.' });
    await next();
  };

export function currentUser(c: { get(key: 'user'): CurrentUser | null }): CurrentUser {
  const user = c.get('user');
  if (!user) throw new HTTPException(401, { message: 'Sign in first.' });
  return user;
}
