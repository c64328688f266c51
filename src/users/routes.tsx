import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { UserCreatedPage, UserFormPage, type UserFormValues } from '../../views/users/form';
import { UsersPage } from '../../views/users/list';
import { generatePassword, hashPassword } from '../auth/passwords';
import { canManageUsers } from '../auth/roles';
import type { FieldErrors } from '../../views/components/form';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { parseForm } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { allGroupOptions, groupsOfUser } from '../groups/members';
import { userGroupsRoutes } from '../groups/user-groups-routes';
import { UserFormSchema } from './form';
import { findUser, insertUser, isUniqueViolation, listUsers, otherActiveUserAdmins, setUserActive, updateUser } from './queries';

const idParam = (c: Context) => {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new HTTPException(404, { message: 'No such user.' });
  return id;
};

export function usersRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow(canManageUsers));

  app.get('/', async (c) => c.render(<UsersPage users={await listUsers(sql)} flash={c.get('flash')} />, { title: 'Users', active: 'users' }));

  app.get('/new', (c) =>
    c.render(<UserFormPage csrf={c.get('csrfToken')} values={{ roles: ['ap_specialist'] }} />, { title: 'Add user', active: 'users' }),
  );

  app.post('/', async (c) => {
    const parsed = await parseForm(c, UserFormSchema);
    const { fields } = parsed;
    const again = (errors: FieldErrors) => {
      c.status(422);
      return c.render(<UserFormPage csrf={c.get('csrfToken')} values={echo(fields)} errors={errors} />, { title: 'Add user', active: 'users' });
    };
    if (!parsed.ok) return again(parsed.errors);
    const { password, ...input } = parsed.output;
    const initialPassword = password || generatePassword();
    try {
      const id = await insertUser(sql, { ...input, passwordHash: await hashPassword(initialPassword) });
      deps.log.info({ userId: id, by: currentUser(c).id }, 'user added');
      if (password) {
        setFlash(deps.jar(c), `${input.email} was added.`);
        return c.redirect(`/users/${id}`, 303);
      }
      return c.render(<UserCreatedPage user={{ id, email: input.email }} password={initialPassword} />, { title: 'User added', active: 'users' });
    } catch (error) {
      if (isUniqueViolation(error)) return again({ email: 'A user with this email already exists.' });
      throw error;
    }
  });

  app.get('/:id', async (c) => {
    const user = await findUser(sql, idParam(c));
    if (!user) throw new HTTPException(404, { message: 'No such user.' });
    const documentGroups = { all: await allGroupOptions(sql), assigned: await groupsOfUser(sql, user.id) };
    return c.render(<UserFormPage csrf={c.get('csrfToken')} values={user} user={user} flash={c.get('flash')} documentGroups={documentGroups} />, {
      title: `${user.firstName} ${user.lastName}`,
      active: 'users',
    });
  });

  app.post('/:id', async (c) => {
    const id = idParam(c);
    const user = await findUser(sql, id);
    if (!user) throw new HTTPException(404, { message: 'No such user.' });
    const parsed = await parseForm(c, UserFormSchema);
    const { fields } = parsed;
    const again = (errors: FieldErrors) => {
      c.status(422);
      return c.render(<UserFormPage csrf={c.get('csrfToken')} values={echo(fields)} errors={errors} user={user} />, { title: 'Edit user', active: 'users' });
    };
    if (!parsed.ok) return again(parsed.errors);
    const { password: _ignored, ...input } = parsed.output;
    if (user.isUserAdmin && !input.isUserAdmin && user.active && (await otherActiveUserAdmins(sql, id)) === 0) {
      return again({ isUserAdmin: 'apdesk needs at least one active user admin; make someone else a user admin first.' });
    }
    try {
      await updateUser(sql, id, input);
    } catch (error) {
      if (isUniqueViolation(error)) return again({ email: 'A user with this email already exists.' });
      throw error;
    }
    setFlash(deps.jar(c), 'Changes saved.');
    return c.redirect(`/users/${id}`, 303);
  });

  app.route('/', userGroupsRoutes(deps));

  app.post('/:id/deactivation', async (c) => {
    const id = idParam(c);
    const user = await findUser(sql, id);
    if (!user) throw new HTTPException(404, { message: 'No such user.' });
    if (user.isUserAdmin && (await otherActiveUserAdmins(sql, id)) === 0) {
      setFlash(deps.jar(c), 'apdesk needs at least one active user admin; this user cannot be deactivated.');
      return c.redirect(`/users/${id}`, 303);
    }
    await setUserActive(sql, id, false);
    deps.log.info({ userId: id, by: currentUser(c).id }, 'user deactivated');
    setFlash(deps.jar(c), `${user.email} was deactivated and signed out everywhere.`);
    return c.redirect('/users', 303);
  });

  app.post('/:id/activation', async (c) => {
    const id = idParam(c);
    const user = await findUser(sql, id);
    if (!user) throw new HTTPException(404, { message: 'No such user.' });
    await setUserActive(sql, id, true);
    setFlash(deps.jar(c), `${user.email} was reactivated.`);
    return c.redirect(`/users/${id}`, 303);
  });

  return app;
}

function echo(fields: Record<string, string | string[]>): UserFormValues {
  const roles = fields.roles;
  return {
    firstName: String(fields.firstName ?? ''),
    lastName: String(fields.lastName ?? ''),
    email: String(fields.email ?? ''),
    roles: (Array.isArray(roles) ? roles : roles ? [roles] : []) as UserFormValues['roles'],
    isUserAdmin: fields.isUserAdmin === 'on',
  };
}
