/* Settings > Coding rules: AP Managers and AP Admins only (403 for everyone else). */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { RuleFormPage, type RuleFormValues } from '../../views/coding/rule-form';
import { CodingRulesPage } from '../../views/coding/rules-list';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { fieldErrors, formFields } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { listCompanies } from '../master-data/queries';
import { canEditCodingRules } from './access';
import { unknownRuleCodes } from './rule-codes-check';
import { RuleFormSchema } from './rules-form';
import { deleteRule, findRule, insertRule, listRules, updateRule, type RuleRow } from './rules-queries';
import { lastThirtyDays, touchlessRate } from './touchless';

const title = { title: 'Coding rules', active: 'settings' as const };
const ruleNotFound = () => new HTTPException(404, { message: 'There is no such coding rule.' });
const idOf = (c: Context) => {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw ruleNotFound();
  return id;
};
const echo = (f: Record<string, string | string[]>): RuleFormValues => ({
  ...Object.fromEntries(Object.entries(f).filter(([, x]) => typeof x === 'string')),
  active: f.active === 'on',
});
const valuesOf = (r: RuleRow): RuleFormValues => ({
  kind: r.kind, supplier: r.supplier, companyId: r.companyId ? String(r.companyId) : '', lineText: r.lineText ?? '', itemId: r.itemId ?? '',
  glAccountCode: r.glAccountCode ?? '', costCentreCode: r.costCentreCode ?? '', taxCodeCode: r.taxCodeCode ?? '', active: r.active,
});

export function codingRulesRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow(canEditCodingRules));

  app.get('/', async (c) => {
    const now = new Date();
    const [rules, lastMonth, allTime] = await Promise.all([
      listRules(sql),
      touchlessRate(sql, lastThirtyDays(now), currentUser(c)),
      touchlessRate(sql, { from: new Date(0), to: now }, currentUser(c)),
    ]);
    return c.render(<CodingRulesPage rules={rules} flash={c.get('flash')} lastMonth={lastMonth} allTime={allTime} />, title);
  });

  app.get('/new', async (c) =>
    c.render(<RuleFormPage csrf={c.get('csrfToken')} values={{ kind: 'fixed', active: true }} companies={await listCompanies(sql)} />, title));

  /** Validates the form and its codes; on failure re-renders it at 422 with errors beside the fields. */
  const parse = async (c: Context<AppEnv>, rule?: RuleRow) => {
    const fields = await formFields(c);
    const parsed = v.safeParse(RuleFormSchema, fields);
    const errors = parsed.success ? await unknownRuleCodes(sql, parsed.output) : fieldErrors(parsed.issues);
    if (parsed.success && Object.keys(errors).length === 0) return { ok: true as const, input: parsed.output };
    c.status(422);
    return { ok: false as const, page: c.render(<RuleFormPage csrf={c.get('csrfToken')} values={echo(fields)} errors={errors} companies={await listCompanies(sql)} rule={rule} />, title) };
  };

  app.post('/', async (c) => {
    const result = await parse(c);
    if (!result.ok) return result.page;
    const id = await insertRule(sql, result.input, currentUser(c).id);
    setFlash(deps.jar(c), `Rule #${id} added. It applies to invoices from now on, and to others with “Apply coding rules”.`);
    return c.redirect('/settings/coding-rules', 303);
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const rule = await findRule(sql, idOf(c));
    if (!rule) throw ruleNotFound();
    return c.render(<RuleFormPage csrf={c.get('csrfToken')} values={valuesOf(rule)} companies={await listCompanies(sql)} rule={rule} flash={c.get('flash')} />, title);
  });

  app.post('/:id{[0-9]+}', async (c) => {
    const rule = await findRule(sql, idOf(c));
    if (!rule) throw ruleNotFound();
    const result = await parse(c, rule);
    if (!result.ok) return result.page;
    await updateRule(sql, rule.id, result.input);
    setFlash(deps.jar(c), `Rule #${rule.id} saved.`);
    return c.redirect('/settings/coding-rules', 303);
  });

  app.post('/:id{[0-9]+}/deletion', async (c) => {
    if (!(await deleteRule(sql, idOf(c)))) throw ruleNotFound();
    setFlash(deps.jar(c), 'Rule deleted.');
    return c.redirect('/settings/coding-rules', 303);
  });

  return app;
}
