import { Hono } from 'hono';
import * as v from 'valibot';
import { LoginPage } from '../../views/auth/login';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { rotateCsrfCookie } from '../http/csrf';
import { parseForm } from '../http/form';
import { clientIp, proxyHops } from '../security/proxy';
import { safeNext } from '../security/safe-next';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { createSession, deleteSession, SESSION_MAX_IDLE_MS } from './sessions';
import { beginLoginAttempt, clearLoginFailures, WINDOW_MINUTES } from './throttle';

export const SESSION_COOKIE = 'apdesk_session';

const LoginSchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter your email address.'), v.email('Enter a valid email address.')),
  password: v.pipe(v.string(), v.nonEmpty('Enter your password.')),
  next: v.optional(v.string()),
});

export function authRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  app.get('/login', (c) => {
    if (c.get('user')) return c.redirect(safeNext(c.req.query('next')));
    return c.render(<LoginPage csrf={c.get('csrfToken')} next={c.req.query('next')} />, { title: 'Sign in' });
  });

  app.post('/login', async (c) => {
    const parsed = await parseForm(c, LoginSchema);
    const { fields } = parsed;
    const page = (props: Partial<Parameters<typeof LoginPage>[0]>, status: 401 | 422 | 429) => {
      c.status(status);
      return c.render(
        <LoginPage csrf={c.get('csrfToken')} email={String(fields.email ?? '')} next={String(fields.next ?? '') || undefined} {...props} />,
        { title: 'Sign in' },
      );
    };
    if (!parsed.ok) return page({ errors: parsed.errors }, 422);

    const { email, password, next } = parsed.output;
    const ip = clientIp(c, proxyHops(deps.config));
    const throttled = await beginLoginAttempt(sql, email, ip);
    if (throttled) {
      deps.log.warn({ throttled, ip }, 'login throttled');
      return page({ formError: `Too many failed sign-in attempts. Wait ${WINDOW_MINUTES} minutes and try again.` }, 429);
    }
    const [user]: [{ id: number; passwordHash: string; active: boolean }?] =
      await sql`select id, password_hash, active from users where email = ${email}`;
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !valid || !user.active) {
      const message = user && valid && !user.active ? 'This account has been deactivated. Ask a user admin.' : 'Email or password is incorrect.';
      return page({ errors: { password: message } }, 401);
    }
    await clearLoginFailures(sql, email);
    const session = await createSession(sql, Number(user.id), { userAgent: c.req.header('user-agent')?.slice(0, 300), ip });
    deps.jar(c).set(SESSION_COOKIE, session.token, { maxAge: SESSION_MAX_IDLE_MS / 1000 });
    rotateCsrfCookie(deps.jar(c));
    deps.log.info({ userId: user.id }, 'signed in');
    return c.redirect(safeNext(next), 303);
  });

  app.post('/logout', async (c) => {
    const sessionId = c.get('sessionId');
    if (sessionId) await deleteSession(sql, sessionId);
    deps.jar(c).clear(SESSION_COOKIE);
    return c.redirect('/login', 303);
  });

  return app;
}
