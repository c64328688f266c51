/* Settings > Document Groups: the list in priority order, a group's page, reorder and delete. */
import { Hono } from 'hono';
import { DeleteGroupPage, GroupPage } from '../../views/groups/show';
import { GroupList, GroupsPage } from '../../views/groups/list';
import { canManageUsers, canSeeSettings } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { groupEvents, recentEvents } from './audit';
import { editorRoutes } from './editor-routes';
import { groupMembers, usersNotInGroup } from './members';
import { membersRoutes } from './members-routes';
import { priorityPreviewRoutes } from './priority-routes';
import { idParam, groupNotFound } from './params';
import { deleteGroup, findGroup, listGroups, moveGroup, reorderGroups, unassignedCount } from './queries';

export function documentGroupsRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow(canSeeSettings));
  const title = { title: 'Document Groups', active: 'settings' as const };

  app.get('/', async (c) => {
    const [groups, unassigned, events] = await Promise.all([listGroups(sql), unassignedCount(sql), recentEvents(sql)]);
    return c.render(<GroupsPage csrf={c.get('csrfToken')} flash={c.get('flash')} groups={groups} unassigned={unassigned} events={events} />, title);
  });

  app.post('/priority', async (c) => {
    const fields = await formFields(c);
    const order = [fields.order ?? []].flat().map(Number).filter(Number.isSafeInteger);
    const actorId = currentUser(c).id;
    await sql.begin((tx) => reorderGroups(tx, order, { actorId }));
    if (!c.req.header('hx-request')) {
      setFlash(deps.jar(c), 'Priority saved. Invoices are being reassigned.');
      return c.redirect('/settings/document-groups', 303);
    }
    c.header('Vary', 'HX-Request');
    const [groups, unassigned] = await Promise.all([listGroups(sql), unassignedCount(sql)]);
    return c.html(<GroupList csrf={c.get('csrfToken')} groups={groups} unassigned={unassigned} />);
  });

  app.route('/', priorityPreviewRoutes(deps));
  app.route('/', editorRoutes(deps));
  app.route('/', membersRoutes(deps));

  app.get('/:id{[0-9]+}', async (c) => {
    const group = await findGroup(sql, idParam(c));
    if (!group) throw groupNotFound();
    const canAssign = canManageUsers(currentUser(c));
    const [members, candidates, events, [count]] = await Promise.all([
      groupMembers(sql, group.id),
      canAssign ? usersNotInGroup(sql, group.id) : Promise.resolve([]),
      groupEvents(sql, group.id),
      sql<{ n: number }[]>`select count(*)::int as n from invoice_groups where group_id = ${group.id}`,
    ]);
    const props = { csrf: c.get('csrfToken'), flash: c.get('flash'), group, invoiceCount: count!.n, members, candidates, canAssign, events };
    return c.render(<GroupPage {...props} />, { ...title, title: group.name });
  });

  app.post('/:id{[0-9]+}/priority', async (c) => {
    const id = idParam(c);
    const { direction } = await formFields(c);
    if (direction !== 'up' && direction !== 'down') throw groupNotFound();
    const actorId = currentUser(c).id;
    const moved = await sql.begin((tx) => moveGroup(tx, id, direction, { actorId }));
    setFlash(deps.jar(c), moved ? 'Priority saved. Invoices are being reassigned.' : 'That group cannot move further.');
    return c.redirect('/settings/document-groups', 303);
  });

  app.get('/:id{[0-9]+}/deletion', async (c) => {
    const group = await findGroup(sql, idParam(c));
    if (!group) throw groupNotFound();
    const [counts] = await sql<{ invoices: number; members: number }[]>`
      select (select count(*) from invoice_groups where group_id = ${group.id})::int as invoices,
             (select count(*) from document_group_members where group_id = ${group.id})::int as members`;
    return c.render(<DeleteGroupPage csrf={c.get('csrfToken')} group={group} invoiceCount={counts!.invoices} memberCount={counts!.members} />, title);
  });

  app.post('/:id{[0-9]+}/deletion', async (c) => {
    const actorId = currentUser(c).id;
    const name = await sql.begin((tx) => deleteGroup(tx, idParam(c), { actorId }));
    if (!name) throw groupNotFound();
    deps.log.info({ by: actorId, group: name }, 'document group deleted');
    setFlash(deps.jar(c), `${name} was deleted. Its invoices are being reassigned.`);
    return c.redirect('/settings/document-groups', 303);
  });

  return app;
}
