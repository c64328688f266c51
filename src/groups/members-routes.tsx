/* Assigning users to a group, from the group's page. Only user admins (403 for anyone else). */
import { Hono } from 'hono';
import { canManageUsers } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { assignUser, unassignUser } from './members';
import { groupNotFound, idParam } from './params';

export function membersRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const userAdminsOnly = allow(canManageUsers);

  app.post('/:id{[0-9]+}/members', userAdminsOnly, async (c) => {
    const groupId = idParam(c);
    const userId = Number((await formFields(c)).userId);
    if (!Number.isSafeInteger(userId) || !(await assignUser(sql, groupId, userId, currentUser(c).id))) throw groupNotFound();
    setFlash(deps.jar(c), 'User assigned.');
    return c.redirect(`/settings/document-groups/${groupId}#members`, 303);
  });

  app.post('/:id{[0-9]+}/members/:userId{[0-9]+}/removal', userAdminsOnly, async (c) => {
    const groupId = idParam(c);
    if (!(await unassignUser(sql, groupId, idParam(c, 'userId'), currentUser(c).id))) throw groupNotFound();
    setFlash(deps.jar(c), 'User removed from the group.');
    return c.redirect(`/settings/document-groups/${groupId}#members`, 303);
  });

  return app;
}
