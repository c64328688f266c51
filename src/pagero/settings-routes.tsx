import { Hono } from 'hono';
import * as v from 'valibot';
import { CoveragePage } from '../../views/pagero/coverage';
import { canSeeSettings } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { fieldErrors, formFields } from '../http/form';
import { allow } from '../http/guards';
import { isUniqueViolation } from '../users/queries';
import { addManualCompany, coverage } from './companies';

const CompanySchema = v.object({
  pageroCompanyId: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter the Pagero company id.'), v.maxLength(100, 'This id is too long.')),
  name: v.pipe(v.string(), v.trim(), v.nonEmpty('Enter the company name.'), v.maxLength(200, 'This name is too long.')),
  vatNumber: v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(30, 'This VAT number is too long.')),
});

export function einvoicingSettingsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('*', allow(canSeeSettings));

  app.get('/', async (c) => {
    const now = new Date();
    return c.render(<CoveragePage rows={await coverage(deps.sql, now)} csrf={c.get('csrfToken')} flash={c.get('flash')} now={now} />, {
      title: 'E-invoicing',
      active: 'settings',
    });
  });

  app.post('/companies', async (c) => {
    const fields = await formFields(c);
    const parsed = v.safeParse(CompanySchema, fields);
    const again = async (errors: Record<string, string>) => {
      c.status(422);
      const now = new Date();
      const values = Object.fromEntries(Object.entries(fields).map(([k, val]) => [k, String(val)]));
      return c.render(<CoveragePage rows={await coverage(deps.sql, now)} csrf={c.get('csrfToken')} flash={null} errors={errors} values={values} now={now} />, {
        title: 'E-invoicing',
        active: 'settings',
      });
    };
    if (!parsed.success) return again(fieldErrors(parsed.issues) as Record<string, string>);
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
