import { Hono } from 'hono';
import { ProfilePage } from '../../views/profile/page';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { deleteUserSessions } from '../auth/sessions';
import type { FieldErrors } from '../../views/components/form';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { parseForm } from '../http/form';
import { currentUser } from '../http/guards';
import { PasswordChangeSchema } from '../users/form';
import { passwordHashOf, setPassword } from '../users/queries';
import { connectionSummary } from '../pagero/summary';
import { readingRoutes } from './reading';

export function profileRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const user = currentUser(c);
    const connection = await connectionSummary(sql, user.id);
    return c.render(<ProfilePage user={user} csrf={c.get('csrfToken')} flash={c.get('flash')} connection={connection} />, { title: 'Profile', active: 'profile' });
  });

  app.post('/password', async (c) => {
    const user = currentUser(c);
    const parsed = await parseForm(c, PasswordChangeSchema);
    const again = (errors: FieldErrors) => {
      c.status(422);
      return c.render(<ProfilePage user={user} csrf={c.get('csrfToken')} errors={errors} flash={null} />, { title: 'Profile', active: 'profile' });
    };
    if (!parsed.ok) return again(parsed.errors);
    const stored = await passwordHashOf(sql, user.id);
    if (!stored || !(await verifyPassword(stored, parsed.output.currentPassword))) {
      return again({ currentPassword: 'This is not your current password.' });
    }
    await setPassword(sql, user.id, await hashPassword(parsed.output.newPassword));
    await deleteUserSessions(sql, user.id, c.get('sessionId') ?? undefined);
    setFlash(deps.jar(c), 'Your password was changed. Your other sessions were signed out.');
    return c.redirect('/profile', 303);
  });

  app.route('/', readingRoutes(deps));
  return app;
}
