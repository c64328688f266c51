/*
 * The responses' pages: Send again / Cancel on the invoice page (the AP team, on invoices
 * they can see), Settings → E-invoicing → Responses (AP Admins), and the list of responses
 * waiting or failed that the dashboard links to.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { OpenResponsesPage } from '../../views/responses/list';
import { ResponseSettingsPage } from '../../views/responses/settings';
import { hasRole } from '../auth/roles';
import type { AppEnv, CurrentUser } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { allow, currentUser } from '../http/guards';
import { carriedFilters, idParam, invoiceNotFound } from '../invoices/params';
import { filterQuery } from '../invoices/filters';
import { findInvoice } from '../invoices/queries';
import { requestResponseAction } from './actions';
import { openResponses } from './page-data';
import { allCompanySettings, saveCompanySettings, TRIGGERS, type ResponseSettings } from './settings';

/** The AP team sends again or cancels; anyone else only reads. */
export const mayActOnResponses = (user: CurrentUser) => (['ap_specialist', 'ap_manager', 'ap_admin'] as const).some((role) => hasRole(user, role));

export function responseInvoiceRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const act = (action: 'send_again' | 'cancel') => async (c: Context<AppEnv>) => {
    const user = currentUser(c);
    const id = idParam(c);
    const responseId = idParam(c, 'responseId');
    if (!(await findInvoice(deps.sql, user, id))) throw invoiceNotFound();
    if (!mayActOnResponses(user)) throw new HTTPException(403, { message: 'Only the AP team sends or cancels responses.' });
    const { filters } = carriedFilters((await formFields(c)).list_query);
    const outcome = await requestResponseAction(deps.sql, id, responseId, action);
    deps.log.info({ by: user.id, invoiceId: id, responseId, action, ok: outcome.ok }, 'Invoice Response action');
    setFlash(deps.jar(c), outcome.message);
    const query = filterQuery(filters);
    return c.redirect(`/invoices/${id}${query ? `?${query}` : ''}`, 303);
  };
  app.post('/:id/responses/:responseId/send-again', act('send_again'));
  app.post('/:id/responses/:responseId/cancel', act('cancel'));
  return app;
}

export function responseSettingsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('*', allow((user) => hasRole(user, 'ap_admin')));
  app.get('/', async (c) =>
    c.render(<ResponseSettingsPage companies={await allCompanySettings(deps.sql)} csrf={c.get('csrfToken')} flash={c.get('flash')} />, {
      title: 'Responses to suppliers',
      active: 'settings',
    }),
  );
  app.post('/:companyId', async (c) => {
    const companyId = idParam(c, 'companyId');
    const form = await formFields(c);
    const settings = Object.fromEntries(TRIGGERS.map((t) => [t.key, form[t.key] === 'on'])) as ResponseSettings;
    if (!(await saveCompanySettings(deps.sql, companyId, settings, currentUser(c).id))) throw new HTTPException(404, { message: 'No such company.' });
    setFlash(deps.jar(c), 'Response settings saved.');
    return c.redirect('/settings/einvoicing/responses', 303);
  });
  return app;
}

export function openResponsesRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.render(<OpenResponsesPage rows={await openResponses(deps.sql, currentUser(c))} />, { title: 'Responses waiting or failed', active: 'dashboard' }));
  return app;
}
