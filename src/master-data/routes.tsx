/* Settings > Master data: per company, its codes, which coding fields are required, and matching tolerances. AP Admins only. */
import { Hono, type Context } from 'hono';
import { CompaniesPage, CompanyPage } from '../../views/master-data/company';
import { canManageMasterData } from '../coding/access';
import { codingRequirements, saveCodingRequirements } from '../coding/requirements';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields, parseForm } from '../http/form';
import { allow } from '../http/guards';
import { companyMatchingSettings, deleteSupplierMatchingSettings, saveMatchingSettings } from '../matching/settings';
import { codesRoutes } from './codes-routes';
import { importAllRoutes } from './import-all-routes';
import { MatchingFormSchema } from './matching-form';
import { listCompanies } from './queries';
import { companyParam } from './params';

const title = { title: 'Master data', active: 'settings' as const };

export function masterDataRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', allow(canManageMasterData));

  app.get('/', async (c) => c.render(<CompaniesPage companies={await listCompanies(sql)} flash={c.get('flash')} />, title));

  const companyPage = async (c: Context<AppEnv>, extra: { matchingErrors?: Record<string, string | undefined>; matchingValues?: Record<string, string> } = {}) => {
    const company = await companyParam(deps, c);
    const [requirements, matching] = await Promise.all([codingRequirements(sql, company.id), companyMatchingSettings(sql, company.id)]);
    return c.render(<CompanyPage company={company} csrf={c.get('csrfToken')} flash={c.get('flash')} requirements={requirements} matching={matching} {...extra} />, { ...title, title: company.name });
  };

  app.get('/:companyId{[0-9]+}', (c) => companyPage(c));

  app.post('/:companyId{[0-9]+}/requirements', async (c) => {
    const company = await companyParam(deps, c);
    const f = await formFields(c);
    await saveCodingRequirements(sql, company.id, { requireGlAccount: f.requireGlAccount === 'on', requireCostCentre: f.requireCostCentre === 'on', requireTaxCode: f.requireTaxCode === 'on' });
    setFlash(deps.jar(c), 'Required coding fields saved.');
    return c.redirect(`/settings/master-data/${company.id}`, 303);
  });

  app.post('/:companyId{[0-9]+}/matching', async (c) => {
    const company = await companyParam(deps, c);
    const parsed = await parseForm(c, MatchingFormSchema);
    const { fields } = parsed;
    if (!parsed.ok) {
      c.status(422);
      return companyPage(c, { matchingErrors: parsed.errors, matchingValues: Object.fromEntries(Object.entries(fields).map(([k, x]) => [k, String(x)])) });
    }
    await saveMatchingSettings(sql, company.id, parsed.output);
    setFlash(deps.jar(c), 'Matching settings saved. They apply the next time invoices are matched.');
    return c.redirect(`/settings/master-data/${company.id}`, 303);
  });

  app.post('/:companyId{[0-9]+}/matching/:id{[0-9]+}/deletion', async (c) => {
    const company = await companyParam(deps, c);
    await deleteSupplierMatchingSettings(sql, company.id, Number(c.req.param('id')));
    setFlash(deps.jar(c), 'Supplier exception removed.');
    return c.redirect(`/settings/master-data/${company.id}`, 303);
  });

  app.route('/import', importAllRoutes(deps));
  app.route('/', codesRoutes(deps));
  return app;
}
