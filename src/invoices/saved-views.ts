/*
 * Saved views: a user names the current filter set of My Invoices and gets it back as a tab.
 * A view is the list's own query string (filterQuery), read back through parseFilters on use,
 * so a view saved before a filter changed still opens (unknown values are reported, not run).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { Db } from '../db/connection';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { readForm } from '../http/form';
import { currentUser } from '../http/guards';
import { filterQuery } from './filters';
import { carriedFilters, listPath } from './params';

export type SavedView = { id: number; name: string; query: string };
export const VIEWS_MAX = 20;

export const savedViews = (db: Db, userId: number) =>
  db<SavedView[]>`select id::int, name, query from saved_views where user_id = ${userId} order by created_at, id`;

const ViewName = v.pipe(v.string(), v.trim(), v.regex(/^[^\p{Cc}]*$/u, 'Use letters, digits and punctuation only.'), v.minLength(1, 'Name the view.'), v.maxLength(60, 'Keep the name under 60 characters.'));

export function savedViewRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  app.post('/views', async (c) => {
    const user = currentUser(c);
    const { fields: form, invalid } = await readForm(c);
    const { filters } = carriedFilters(form.list_query);
    const query = filterQuery(filters);
    const back = `${listPath(filters)}${query ? `?${query}` : ''}`;
    const name = v.safeParse(ViewName, typeof form.name === 'string' ? form.name : '');
    if (!name.success || invalid.name) {
      // the name field sits in a menu of the list, not re-rendered here: the list comes back with the reason
      setFlash(deps.jar(c), `View not saved: ${invalid.name || name.success ? 'the name contains a control character (such as NUL); type it again.' : name.issues[0].message}`);
      return c.redirect(back, 303);
    }
    const saved = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('saved_views'), ${user.id}::int)`; // the cap holds under concurrent saves
      const [row] = await tx<{ n: number }[]>`select count(*)::int as n from saved_views where user_id = ${user.id}`;
      if (row!.n >= VIEWS_MAX) return `You have ${VIEWS_MAX} views already; delete one first.`;
      await tx`insert into saved_views (user_id, name, query) values (${user.id}, ${name.output}, ${query})
               on conflict (user_id, name) do update set query = excluded.query`;
      return null;
    });
    setFlash(deps.jar(c), saved ?? `View “${name.output}” saved.`);
    return c.redirect(back, 303);
  });

  app.post('/views/:id/delete', async (c) => {
    const user = currentUser(c);
    const id = Number(c.req.param('id'));
    if (Number.isSafeInteger(id) && id > 0) {
      const [gone] = await sql<{ name: string }[]>`delete from saved_views where id = ${id} and user_id = ${user.id} returning name`;
      if (gone) setFlash(deps.jar(c), `View “${gone.name}” deleted.`);
    }
    return c.redirect('/invoices', 303);
  });

  return app;
}
