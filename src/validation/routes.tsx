/*
 * The Validation panel's routes under /invoices/:id/validation: the panel itself (htmx polls it while checking),
 * "Check again" (the AP team) and "Allow despite the findings" (AP Admins, with a reason). Each finds the invoice
 * through findInvoice first, so nobody reaches an invoice outside their groups.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import { ValidationPanel } from '../../views/validation/panel';
import { hasRole } from '../auth/roles';
import type { AppEnv, CurrentUser } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { currentUser } from '../http/guards';
import { filterQuery } from '../invoices/filters';
import { carriedFilters, idParam, invoiceNotFound } from '../invoices/params';
import { findInvoice, type InvoiceDetail } from '../invoices/queries';
import { actionsFor } from '../invoices/transitions';
import { invoiceValidation, type ValidationView } from './page-data';
import { OVERRIDE_REASON_MAX, overrideValidation, requestRevalidation } from './service';

export const mayRecheck = (user: CurrentUser) => (['ap_specialist', 'ap_manager', 'ap_admin'] as const).some((r) => hasRole(user, r));
export const mayOverride = (user: CurrentUser) => hasRole(user, 'ap_admin');

const OverrideForm = v.object({
  reason: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.minLength(1, 'Say why this invoice may go on although it fails validation.'),
    v.maxLength(OVERRIDE_REASON_MAX, `Keep the reason under ${OVERRIDE_REASON_MAX} characters.`),
  ),
});

/** The panel as the invoice page and the polling request render it. */
export function validationPanel(user: CurrentUser, invoice: Pick<InvoiceDetail, 'id' | 'status'>, validation: ValidationView | null, extra: { csrf: string; listQuery: string; overrideError?: string; overrideReason?: string }) {
  return (
    <ValidationPanel
      invoiceId={invoice.id}
      validation={validation}
      canRecheck={mayRecheck(user)}
      canOverride={mayOverride(user)}
      canReject={actionsFor(user, invoice.status).includes('reject')}
      {...extra}
    />
  );
}

export const OVERRIDE_ERRORS: Record<string, string> = {
  empty: 'Say why this invoice may go on although it fails validation.',
  long: `Keep the reason under ${OVERRIDE_REASON_MAX} characters.`,
};

/** The text a rejection starts from when the invoice fails: "BR-CO-15: Invoice total amount with VAT …". */
export function rejectionPrefill(validation: ValidationView | null): string | null {
  if (!validation || validation.override) return null;
  const first = validation.findings.find((f) => f.severity === 'fatal');
  if (!first) return null;
  const message = first.message.replace(/^\[[^\]]*\]\s*-?\s*/, '');
  return `${first.ruleId}: ${message}`.slice(0, 1000);
}

export function validationRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  const visible = async (c: Context<AppEnv>) => {
    const invoice = await findInvoice(sql, currentUser(c), idParam(c));
    if (!invoice) throw invoiceNotFound();
    return invoice;
  };
  const back = (c: Context<AppEnv>, id: number, listQuery: unknown, flash: string) => {
    setFlash(deps.jar(c), flash);
    const query = filterQuery(carriedFilters(listQuery).filters);
    return c.redirect(`/invoices/${id}${query ? `?${query}` : ''}#validation`, 303);
  };

  app.get('/:id/validation', async (c) => {
    const invoice = await visible(c);
    if (c.req.header('hx-request') !== 'true') return c.redirect(`/invoices/${invoice.id}#validation`, 303);
    const validation = await invoiceValidation(sql, invoice.id);
    return c.html(validationPanel(currentUser(c), invoice, validation, { csrf: c.get('csrfToken'), listQuery: c.req.query('list_query') ?? '' }));
  });

  app.post('/:id/validation', async (c) => {
    const invoice = await visible(c);
    const user = currentUser(c);
    if (!mayRecheck(user)) throw new HTTPException(403, { message: 'Only the AP team asks for the rules to run again.' });
    const form = await formFields(c);
    await requestRevalidation(sql, invoice.id);
    deps.log.info({ by: user.id, invoiceId: invoice.id }, 'validation requested again');
    return back(c, invoice.id, form.list_query, `Invoice ${invoice.invoiceNumber}: checking against EN 16931 again.`);
  });

  app.post('/:id/validation/override', async (c) => {
    const invoice = await visible(c);
    const user = currentUser(c);
    if (!mayOverride(user)) throw new HTTPException(403, { message: 'Only AP Admins may allow an invoice that fails validation.' });
    const form = await formFields(c);
    const parsed = v.safeParse(OverrideForm, { reason: typeof form.reason === 'string' ? form.reason : '' });
    if (!parsed.success) {
      // Shown next to the reason field by the invoice page (?override_error=…), without JavaScript too.
      const query = new URLSearchParams(filterQuery(carriedFilters(form.list_query).filters));
      query.set('override_error', String(form.reason ?? '').trim().length > OVERRIDE_REASON_MAX ? 'long' : 'empty');
      return c.redirect(`/invoices/${invoice.id}?${query}#validation`, 303);
    }
    const outcome = await overrideValidation(sql, { invoiceId: invoice.id, userId: user.id, reason: parsed.output.reason });
    deps.log.info({ by: user.id, invoiceId: invoice.id, outcome }, 'validation override');
    return back(
      c,
      invoice.id,
      form.list_query,
      outcome === 'ok' ? `Invoice ${invoice.invoiceNumber} may go on despite its EN 16931 findings; recorded in its history.` : `Invoice ${invoice.invoiceNumber} has no fatal finding to allow.`,
    );
  });

  return app;
}
