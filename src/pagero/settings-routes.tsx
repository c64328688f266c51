import { Hono } from 'hono';
import * as v from 'valibot';
import { CoveragePage } from '../../views/pagero/coverage';
import { canSeeSettings } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { parseForm } from '../http/form';
import { allow } from '../http/guards';
import { isUniqueViolation } from '../users/queries';
import { HTTPException } from 'hono/http-exception';
import { SyncCell, SyncHistory } from '../../views/sync/status';
import { enqueueCompanySync, enqueueCoveredCompanies } from '../sync/enqueue';
import { companyRuns, latestRuns } from '../sync/runs';
import { addManualCompany, coverage } from './companies';

const CompanySchema = v.object({
  pageroCompanyId: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter the Pagero company id.'), v.maxLength(100, 'This id is too long.')),
  name: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter the company name.'), v.maxLength(200, 'This name is too long.')),
  vatNumber: v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(30, 'This VAT number is too long.')),
});

export function einvoicingSettingsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('*', allow(canSeeSettings));
  const runsByCompany = async () => new Map((await latestRuns(deps.sql)).map((run) => [run.companyId, run]));
  const company = async (idText: string) => {
    const id = Number(idText);
    const [row]: [{ id: number; name: string }?] = Number.isSafeInteger(id) ? await deps.sql`select id::int, name from pagero_companies where id = ${id}` : [];
    if (!row) throw new HTTPException(404, { message: 'No such company.' });
    return row;
  };

  app.post('/syncs', async (c) => {
    const count = await enqueueCoveredCompanies(deps.sql, 'manual');
    setFlash(deps.jar(c), count ? `Sync started for ${count} ${count === 1 ? 'company' : 'companies'}.` : 'No company has an active connection to sync through.');
    return c.redirect('/settings/einvoicing', 303);
  });

  app.post('/companies/:id/syncs', async (c) => {
    const { id, name } = await company(c.req.param('id'));
    await enqueueCompanySync(deps.sql, id, 'manual');
    setFlash(deps.jar(c), `Sync of ${name} started.`);
    return c.redirect('/settings/einvoicing', 303);
  });

  app.get('/companies/:id/syncs', async (c) => {
    const { id, name } = await company(c.req.param('id'));
    return c.render(<SyncHistory name={name} runs={await companyRuns(deps.sql, id)} />, { title: `Sync history · ${name}`, active: 'settings' });
  });

  app.get('/companies/:id/sync-status', async (c) => {
    const { id } = await company(c.req.param('id'));
    const [run] = await companyRuns(deps.sql, id, 1);
    c.header('Vary', 'HX-Request');
    return c.html(<SyncCell companyId={id} run={run} />);
  });

  app.get('/', async (c) => {
    const now = new Date();
    return c.render(<CoveragePage rows={await coverage(deps.sql, now)} runs={await runsByCompany()} csrf={c.get('csrfToken')} flash={c.get('flash')} now={now} />, {
      title: 'E-invoicing',
      active: 'settings',
    });
  });

  app.post('/companies', async (c) => {
    const parsed = await parseForm(c, CompanySchema);
    const { fields } = parsed;
    const again = async (errors: Record<string, string>) => {
      c.status(422);
      const now = new Date();
      const values = Object.fromEntries(Object.entries(fields).map(([k, val]) => [k, String(val)]));
      return c.render(<CoveragePage rows={await coverage(deps.sql, now)} runs={await runsByCompany()} csrf={c.get('csrfToken')} flash={null} errors={errors} values={values} now={now} />, {
        title: 'E-invoicing',
        active: 'settings',
      });
    };
    if (!parsed.ok) return again(parsed.errors as Record<string, string>);
    try {
      await addManualCompany(deps.sql, { ...parsed.output, vatNumber: parsed.output.vatNumber || null });
    } catch (error) {
      if (isUniqueViolation(error)) return again({ pageroCompanyId: 'This Pagero company id is already known.' });
      throw error;
    }
    setFlash(deps.jar(c), `${parsed.output.name} was added. It is covered once a user who can access it connects.`);
    return c.redirect('/settings/einvoicing', 303);
  });

  return app;
}
