/*
 * Creating and editing a group. A POST with an "action" (Condition, And/Or, Remove) only
 * changes the form and shows it again; a POST without one validates and saves.
 */
import { Hono, type Context } from 'hono';
import { ConditionEditor } from '../../views/groups/editor';
import { GroupFormPage } from '../../views/groups/form';
import { knownValues } from './known-values';
import { PreviewBox } from '../../views/groups/preview';
import type { FieldErrors } from '../../views/components/form';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { readForm } from '../http/form';
import { currentUser } from '../http/guards';
import { applyAction, draftOf, emptyDraft, normalizeDraft, readAction, readDraft, rowErrors, validateDraft, type Draft } from './form';
import { groupNotFound, idParam } from './params';
import { previewGroup } from './preview';
import { createGroup, findGroup, isUniqueViolation, updateGroup } from './queries';

const BASE = '/settings/document-groups';
const TAKEN = 'A group with this name already exists.';

export function editorRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  const preview = async (draft: Draft, groupId: number | null) => {
    const valid = validateDraft({ ...draft, name: draft.name || 'preview' });
    return valid.ok ? previewGroup(sql, valid.conditions, groupId) : null;
  };

  const page = async (c: Context<AppEnv>, draft: Draft, groupId: number | undefined, errors?: FieldErrors) => {
    if (errors) c.status(422);
    const [shown, known] = await Promise.all([preview(draft, groupId ?? null), knownValues(sql)]);
    const props = { csrf: c.get('csrfToken'), draft, errors, groupId, preview: shown, known };
    return c.render(<GroupFormPage {...props} />, { title: groupId ? `Edit ${draft.name}` : 'Create New Document Group', active: 'settings' });
  };

  /** Saves, or re-renders after an editor action or with the errors next to their rows. */
  const submit = async (c: Context<AppEnv>, groupId: number | undefined) => {
    const { fields, invalid } = await readForm(c);
    const draft = readDraft(fields);
    const action = readAction(fields.action);
    if (action) return page(c, { ...draft, conditions: applyAction(draft.conditions, action) }, groupId, Object.keys(invalid).length > 0 ? rowErrors(invalid) : undefined);
    const valid = validateDraft(draft);
    if (!valid.ok || Object.keys(invalid).length > 0) return page(c, draft, groupId, { ...(valid.ok ? {} : valid.errors), ...rowErrors(invalid) });
    const actorId = currentUser(c).id;
    try {
      const input = { name: valid.name, conditions: valid.conditions, actorId };
      const id = groupId ?? (await sql.begin((tx) => createGroup(tx, input)));
      if (groupId && !(await sql.begin((tx) => updateGroup(tx, groupId, input)))) throw groupNotFound();
      deps.log.info({ by: actorId, groupId: id }, groupId ? 'document group changed' : 'document group created');
      setFlash(deps.jar(c), `${valid.name} was ${groupId ? 'saved' : 'created'}. Invoices are being reassigned.`);
      return c.redirect(`${BASE}/${id}`, 303);
    } catch (error) {
      if (isUniqueViolation(error)) return page(c, draft, groupId, { name: TAKEN });
      throw error;
    }
  };

  app.get('/new', (c) => page(c, emptyDraft(), undefined));
  app.post('/', (c) => submit(c, undefined));

  app.get('/:id{[0-9]+}/edit', async (c) => {
    const group = await findGroup(sql, idParam(c));
    if (!group) throw groupNotFound();
    return page(c, draftOf(group.name, group.conditions), group.id);
  });
  app.post('/:id{[0-9]+}', async (c) => {
    const group = await findGroup(sql, idParam(c));
    if (!group) throw groupNotFound();
    return submit(c, group.id);
  });

  app.post('/editor', async (c) => {
    // the fields without control characters: the editor and the preview only show, the save refuses them
    const { fields } = await readForm(c);
    const draft = normalizeDraft(readDraft(fields));
    const action = readAction(fields.action);
    c.header('Vary', 'HX-Request');
    return c.html(<ConditionEditor tree={action ? applyAction(draft.conditions, action) : draft.conditions} editorUrl={`${BASE}/editor`} />);
  });

  const previewFragment = async (c: Context<AppEnv>, groupId: number | null) => {
    const draft = readDraft((await readForm(c)).fields);
    c.header('Vary', 'HX-Request');
    return c.html(<PreviewBox preview={await preview(draft, groupId)} />);
  };
  app.post('/preview', (c) => previewFragment(c, null));
  app.post('/:id{[0-9]+}/preview', async (c) => {
    const group = await findGroup(sql, idParam(c));
    if (!group) throw groupNotFound();
    return previewFragment(c, group.id);
  });

  return app;
}
