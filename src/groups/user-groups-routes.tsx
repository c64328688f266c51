/* On a user's page (/users/:id): which groups the user sees. Mounted inside the user admins' /users routes. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { canManageUsers } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { findUser } from '../users/queries';
import { setGroupsOfUser } from './members';
import { idParam } from './params';

export function userGroupsRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.post('/:id{[0-9]+}/document-groups', allow(canManageUsers), async (c) => {
    const user = await findUser(sql, idParam(c));
    if (!user) throw new HTTPException(404, { message: 'No such user.' });
    const groupIds = [(await formFields(c)).groupIds ?? []].flat().map(Number).filter(Number.isSafeInteger);
    const actorId = currentUser(c).id;
    await sql.begin(async (tx) => {
      const known = await tx<{ id: number }[]>`select id::int from document_groups where id = any(${groupIds}::bigint[])`;
      await setGroupsOfUser(tx, user.id, known.map((g) => g.id), actorId);
    });
    setFlash(deps.jar(c), 'Document groups saved.');
    return c.redirect(`/users/${user.id}#document-groups`, 303);
  });
  return app;
}
