/* Settings > Coding rules: AP Managers and AP Admins only (403 for everyone else). */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { RuleCheckPanel, SupplierOptions, SupplierStatus, type RuleCheck } from '../../views/coding/rule-check';
import { RuleFormPage, type RuleFormValues } from '../../views/coding/rule-form';
import { CodingRulesPage } from '../../views/coding/rules-list';
import { seesAllDocuments } from '../auth/roles';
import type { FieldErrors } from '../../views/components/form';
import type { CurrentUser } from '../http/context';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields, parseForm, readForm } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { listCompanies } from '../master-data/queries';
import { canEditCodingRules } from './access';
import { applicationMessage, applyOrQueue } from './apply-open';
import { knownSuppliers, ruleSupplierNames, similarSuppliers, suppliersMatching } from './known-suppliers';
import { openCounts, type RuleDraft } from './open-matches';
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
  newSupplier: f.newSupplier === 'on',
});
const text = (f: Record<string, string | string[]>, key: string, max: number) => (typeof f[key] === 'string' ? f[key].trim().slice(0, max) : '');
/** What the form says so far, for the live check: only what the rule would match on (codes do not change that). */
const draftOf = (f: Record<string, string | string[]>): RuleDraft => {
  const company = text(f, 'companyId', 18);
  const wholeInvoice = f.kind === 'last_invoice';
  return {
    id: 0, supplier: text(f, 'supplier', 200), companyId: /^\d{1,18}$/.test(company) ? Number(company) : null,
    lineText: wholeInvoice ? null : text(f, 'lineText', 200) || null, itemId: wholeInvoice ? null : text(f, 'itemId', 100) || null,
  };
};
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
    const user = currentUser(c);
    const rules = await listRules(sql);
    const [lastMonth, allTime, open, names] = await Promise.all([
      touchlessRate(sql, lastThirtyDays(now), user),
      touchlessRate(sql, { from: new Date(0), to: now }, user),
      openCounts(sql, user, rules),
      ruleSupplierNames(sql, user, rules),
    ]);
    return c.render(
      <CodingRulesPage rules={rules} flash={c.get('flash')} lastMonth={lastMonth} allTime={allTime} csrf={c.get('csrfToken')} open={open} names={names} seesAll={seesAllDocuments(user)} />,
      title,
    );
  });

  /** The supplier the draft names as apdesk knows it, close names when none, and its open invoices. */
  const checkOf = async (user: CurrentUser, draft: RuleDraft): Promise<RuleCheck> => {
    const base = { supplier: draft.supplier, seesAll: seesAllDocuments(user) };
    if (!draft.supplier) return { ...base, matching: [], similar: [], open: null };
    const matching = await suppliersMatching(sql, user, draft.supplier);
    if (matching.length === 0) return { ...base, matching, similar: await similarSuppliers(sql, user, draft.supplier), open: null };
    return { ...base, matching, similar: [], open: (await openCounts(sql, user, [draft])).get(0)! };
  };
  const formPage = async (c: Context<AppEnv>, props: { values: RuleFormValues; errors?: FieldErrors; rule?: RuleRow; flash?: string | null }) => {
    const user = currentUser(c);
    const fields = Object.fromEntries(Object.entries(props.values).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const [companies, suppliers, check] = await Promise.all([listCompanies(sql), knownSuppliers(sql, user), checkOf(user, draftOf(fields))]);
    return c.render(<RuleFormPage csrf={c.get('csrfToken')} companies={companies} suppliers={suppliers} check={check} {...props} />, title);
  };

  app.get('/new', (c) => formPage(c, { values: { kind: 'fixed', active: true, supplier: c.req.query('supplier')?.slice(0, 200) ?? '' } }));

  // htmx, as the form changes: the check panel, and the supplier choices narrowed to what is typed (every supplier, not only the most frequent)
  app.post('/check', async (c) => {
    const user = currentUser(c);
    const { fields } = await readForm(c); // shown only: without control characters, the save refuses them
    const draft = draftOf(fields);
    const [check, suppliers] = await Promise.all([checkOf(user, draft), knownSuppliers(sql, user, { search: draft.supplier, limit: 50 })]);
    c.header('Cache-Control', 'no-store');
    return c.html(<><RuleCheckPanel check={check} /><SupplierStatus check={check} newSupplier={fields.newSupplier === 'on'} oob /><SupplierOptions suppliers={suppliers} oob /></>);
  });

  /** Validates the form and its codes; on failure re-renders it at 422 with errors beside the fields. */
  const parse = async (c: Context<AppEnv>, rule?: RuleRow) => {
    const parsed = await parseForm(c, RuleFormSchema);
    const { fields } = parsed;
    const errors = parsed.ok ? { ...(await unseenSupplier(c, parsed.output, rule)), ...(await unknownRuleCodes(sql, parsed.output)) } : parsed.errors;
    if (parsed.ok && Object.keys(errors).length === 0) return { ok: true as const, input: parsed.output };
    c.status(422);
    return { ok: false as const, page: formPage(c, { values: echo(fields), errors, rule }) };
  };

  /*
   * A supplier apdesk has no invoice from is refused beside the field, with close names, unless the
   * admin ticks "New supplier": a typo ("Acme Supplies" for "Acme Supplies S.r.l.") would make a rule
   * that never codes anything, while a rule set up before a new supplier's first invoice is legitimate.
   * A rule kept with the supplier it already had is not asked again.
   */
  const unseenSupplier = async (c: Context<AppEnv>, input: { supplier: string; newSupplier: boolean }, rule?: RuleRow): Promise<Record<string, string>> => {
    if (input.newSupplier || (rule && rule.supplier === input.supplier)) return {};
    const user = currentUser(c);
    if ((await suppliersMatching(sql, user, input.supplier)).length > 0) return {};
    const where = seesAllDocuments(user) ? 'apdesk has seen' : 'on the invoices you can see';
    return { supplier: `“${input.supplier}” matches no supplier ${where}: pick one from the list (the VAT id is safest), or tick “New supplier” if it has not sent an invoice yet.` };
  };

  const applyNow = async (c: Context<AppEnv>, id: number) => {
    const rule = await findRule(sql, id);
    if (!rule) throw ruleNotFound();
    if (!rule.active) return 'is off, so it was not applied; turn it on first.';
    return applicationMessage(await applyOrQueue(sql, currentUser(c), rule));
  };

  app.post('/', async (c) => {
    const result = await parse(c);
    if (!result.ok) return result.page;
    const id = await insertRule(sql, result.input, currentUser(c).id);
    const applied = result.input.then === 'apply' ? `added; it ${await applyNow(c, id)}` : 'added. It codes invoices as they arrive; “Apply now” codes those already open.';
    setFlash(deps.jar(c), `Rule #${id} ${applied}`);
    return c.redirect('/settings/coding-rules', 303);
  });

  app.get('/:id{[0-9]+}', async (c) => {
    const rule = await findRule(sql, idOf(c));
    if (!rule) throw ruleNotFound();
    return formPage(c, { values: valuesOf(rule), rule, flash: c.get('flash') });
  });

  app.post('/:id{[0-9]+}', async (c) => {
    const rule = await findRule(sql, idOf(c));
    if (!rule) throw ruleNotFound();
    const result = await parse(c, rule);
    if (!result.ok) return result.page;
    await updateRule(sql, rule.id, result.input);
    setFlash(deps.jar(c), result.input.then === 'apply' ? `Rule #${rule.id} saved; it ${await applyNow(c, rule.id)}` : `Rule #${rule.id} saved.`);
    return c.redirect('/settings/coding-rules', 303);
  });

  app.post('/:id{[0-9]+}/application', async (c) => {
    const id = idOf(c);
    const back = (await formFields(c)).back === 'rule' ? `/settings/coding-rules/${id}` : '/settings/coding-rules';
    setFlash(deps.jar(c), `Rule #${id} ${await applyNow(c, id)}`);
    return c.redirect(back, 303);
  });

  app.post('/:id{[0-9]+}/deletion', async (c) => {
    if (!(await deleteRule(sql, idOf(c)))) throw ruleNotFound();
    setFlash(deps.jar(c), 'Rule deleted.');
    return c.redirect('/settings/coding-rules', 303);
  });

  return app;
}
