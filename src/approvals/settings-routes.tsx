/*
 * Settings → Approvals (AP Admins): the ordered rules (first match wins, the default rule
 * last), creating and editing one with the Document Groups condition editor and its steps,
 * moving and deleting rules, cost centre owners, and the audit log of every change.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ConditionEditor } from '../../views/groups/editor';
import { OwnersPage, PolicyFormPage, PoliciesPage } from '../../views/approvals/settings';
import type { FieldErrors } from '../../views/components/form';
import { hasRole } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields, readForm } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { applyAction, emptyCondition, normalizeDraft, readAction, readDraft, rowErrors, typedConditions } from '../groups/form';
import { APPROVAL_FIELDS } from './fields';
import { costCentreOwners, ownerCandidates, setOwners } from './owners';
import { createRule, deleteRule, findRule, listRules, moveRule, recentAudit, updateRule } from './policies';
import { draftSteps, emptyStep, readPolicyDraft, validatePolicy, type PolicyDraft } from './policy-form';

const BASE = '/settings/approvals';
/** Field errors keyed as the form shows them: a condition's ("r.0.value") by its row, a step's ("steps.0.count") by its step. */
const besideRows = (byField: FieldErrors): FieldErrors =>
  rowErrors(Object.fromEntries(Object.entries(byField).map(([key, message]) => [key.replace(/^(steps\.\d+)\..*$/, '$1'), message])));

const notFound = () => new HTTPException(404, { message: 'There is no such approval rule.' });

export function approvalSettingsRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow((user) => hasRole(user, 'ap_admin')));
  const title = { title: 'Approvals', active: 'settings' as const };

  app.get('/', async (c) => {
    const [rules, audit, people] = await Promise.all([listRules(sql), recentAudit(sql), ownerCandidates(sql)]);
    return c.render(<PoliciesPage csrf={c.get('csrfToken')} flash={c.get('flash')} rules={rules} audit={audit} people={people} />, title);
  });

  const form = async (c: Context<AppEnv>, draft: PolicyDraft, ruleId: number | undefined, isDefault: boolean, errors?: FieldErrors) => {
    if (errors) c.status(422);
    const people = await ownerCandidates(sql);
    return c.render(<PolicyFormPage csrf={c.get('csrfToken')} draft={draft} ruleId={ruleId} isDefault={isDefault} errors={errors} people={people} />, { ...title, title: ruleId ? `Edit ${draft.name}` : 'New approval rule' });
  };

  const submit = async (c: Context<AppEnv>, ruleId: number | undefined, isDefault: boolean) => {
    const { fields, invalid } = await readForm(c);
    const bad = Object.keys(invalid).length > 0 ? besideRows(invalid) : undefined;
    const draft = readPolicyDraft(fields);
    const action = readAction(fields.action);
    if (action) return form(c, { ...draft, conditions: applyAction(draft.conditions, action) }, ruleId, isDefault, bad);
    if (fields.add_step !== undefined) return form(c, { ...draft, steps: [...draft.steps, emptyStep()].slice(0, 10) }, ruleId, isDefault, bad);
    const valid = await validatePolicy(sql, draft, isDefault);
    if (!valid.ok || bad) return form(c, draft, ruleId, isDefault, { ...(valid.ok ? {} : valid.errors), ...bad });
    const actorId = currentUser(c).id;
    const input = { name: valid.name, conditions: valid.conditions, steps: valid.steps };
    if (ruleId) {
      if (!(await sql.begin((tx) => updateRule(tx, ruleId, input, actorId)))) throw notFound();
    } else await sql.begin((tx) => createRule(tx, input, actorId));
    setFlash(deps.jar(c), `${valid.name} was saved. It applies to invoices that reach Ready from now on.`);
    return c.redirect(BASE, 303);
  };

  app.get('/new', (c) => form(c, { name: '', conditions: { join: 'and', children: [emptyCondition('totalAmount')] }, steps: [emptyStep()] }, undefined, false));
  app.post('/', (c) => submit(c, undefined, false));

  const ruleParam = async (c: Context<AppEnv>) => {
    const id = Number(c.req.param('id'));
    const rule = Number.isSafeInteger(id) ? await findRule(sql, id) : undefined;
    if (!rule) throw notFound();
    return rule;
  };

  app.get('/:id{[0-9]+}/edit', async (c) => {
    const rule = await ruleParam(c);
    const conditions = rule.conditions ? typedConditions(rule.conditions) : { join: 'and', children: [emptyCondition('totalAmount')] };
    return form(c, { name: rule.name, conditions, steps: [...draftSteps(rule.steps), emptyStep()].slice(0, 10) }, rule.id, rule.isDefault);
  });
  app.post('/:id{[0-9]+}', async (c) => {
    const rule = await ruleParam(c);
    return submit(c, rule.id, rule.isDefault);
  });

  app.post('/editor', async (c) => {
    // the fields without control characters: the editor only shows, the save refuses them
    const { fields } = await readForm(c);
    const draft = normalizeDraft(readDraft(fields), APPROVAL_FIELDS);
    const action = readAction(fields.action);
    c.header('Vary', 'HX-Request');
    return c.html(<ConditionEditor tree={action ? applyAction(draft.conditions, action) : draft.conditions} editorUrl={`${BASE}/editor`} fields={APPROVAL_FIELDS} />);
  });

  app.post('/:id{[0-9]+}/priority', async (c) => {
    const rule = await ruleParam(c);
    const { direction } = await formFields(c);
    if (direction !== 'up' && direction !== 'down') throw notFound();
    const moved = await sql.begin((tx) => moveRule(tx, rule.id, direction, currentUser(c).id));
    setFlash(deps.jar(c), moved ? `${rule.name} moved ${direction}.` : `${rule.name} cannot move further.`);
    return c.redirect(BASE, 303);
  });

  app.post('/:id{[0-9]+}/deletion', async (c) => {
    const rule = await ruleParam(c);
    const name = await sql.begin((tx) => deleteRule(tx, rule.id, currentUser(c).id));
    setFlash(deps.jar(c), name ? `${name} was deleted; invoices already in approval keep their chain.` : 'The default rule stays; edit its steps instead.');
    return c.redirect(BASE, 303);
  });

  app.get('/owners', async (c) => {
    const [centres, people] = await Promise.all([costCentreOwners(sql), ownerCandidates(sql)]);
    return c.render(<OwnersPage csrf={c.get('csrfToken')} flash={c.get('flash')} centres={centres} people={people} />, { ...title, title: 'Cost centre owners' });
  });
  app.post('/owners', async (c) => {
    const fields = await formFields(c);
    const outcome = await setOwners(sql, fields, currentUser(c).id);
    if (!outcome.ok) {
      c.status(422);
      const [centres, people] = await Promise.all([costCentreOwners(sql), ownerCandidates(sql)]);
      return c.render(<OwnersPage csrf={c.get('csrfToken')} flash={null} centres={centres} people={people} problem={outcome.message} />, { ...title, title: 'Cost centre owners' });
    }
    setFlash(deps.jar(c), outcome.changed === 0 ? 'No owner changed.' : `${outcome.changed} ${outcome.changed === 1 ? 'owner' : 'owners'} saved.`);
    return c.redirect(`${BASE}/owners`, 303);
  });

  return app;
}
