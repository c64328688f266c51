/* Settings > Document Groups: the preview of a priority change (arrows and drag and drop) before it is saved. */
import { Hono } from 'hono';
import { PriorityPreviewPanel } from '../../views/groups/priority-preview';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { formFields } from '../http/form';
import { groupNotFound, idParam } from './params';
import { movedOrder, previewPriority } from './priority-preview';

export function priorityPreviewRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const title = { title: 'Document Groups: new priority', active: 'settings' as const };

  // the arrows: a GET (nothing changes yet), a page with the preview and "Save this order"
  app.get('/:id{[0-9]+}/priority-preview', async (c) => {
    const direction = c.req.query('direction');
    if (direction !== 'up' && direction !== 'down') throw groupNotFound();
    const current = (await sql<{ id: number }[]>`select id::int from document_groups order by priority, id`).map((g) => g.id);
    const order = movedOrder(current, idParam(c), direction);
    if (!order) return c.redirect('/settings/document-groups', 303);
    const preview = await previewPriority(sql, order);
    return c.render(<><h1>New priority</h1><PriorityPreviewPanel preview={preview} csrf={c.get('csrfToken')} /></>, title);
  });

  // drag and drop (htmx): the preview panel for the order as dropped
  app.post('/priority-preview', async (c) => {
    const fields = await formFields(c);
    const order = [fields.order ?? []].flat().map(Number).filter(Number.isSafeInteger);
    const preview = await previewPriority(sql, order);
    return c.html(<PriorityPreviewPanel preview={preview} csrf={c.get('csrfToken')} />);
  });

  return app;
}
