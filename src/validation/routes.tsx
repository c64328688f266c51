/*
 * The Validation panel's routes under /invoices/:id/validation: the panel itself (htmx polls it while checking),
 * "Check again" (the AP team) and "Allow despite the findings" (AP Admins, with a reason). Each finds the invoice
 * through findInvoice first, so nobody reaches an invoice outside their groups.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields, readForm, refuseUnshown } from '../http/form';
import { currentUser } from '../http/guards';
import { filterQuery } from '../invoices/filters';
import { carriedFilters, idParam, invoiceNotFound } from '../invoices/params';
import { invoicePage } from '../invoices/invoice-routes';
import { findInvoice } from '../invoices/queries';
import { invoiceValidation } from './page-data';
import { mayOverride, mayRecheck, validationPanel } from './panel';
import { OVERRIDE_REASON_MAX, overrideValidation, requestRevalidation } from './service';

const OverrideForm = v.object({
  reason: v.pipe(
    v.optional(v.string(), ''),
    v.trim(),
    v.minLength(1, 'Say why this invoice may go on although it fails validation.'),
    v.maxLength(OVERRIDE_REASON_MAX, `Keep the reason under ${OVERRIDE_REASON_MAX} characters.`),
  ),
});

export function validationRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const renderInvoice = invoicePage(deps);

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
    const { fields: form, invalid } = await readForm(c);
    refuseUnshown(invalid, ['reason']);
    if (invalid.reason) {
      // the invoice page again (422), the reason without its control characters and the message beside it
      c.status(422);
      return renderInvoice(c, invoice.id, carriedFilters(form.list_query).filters, { override: { error: invalid.reason, reason: String(form.reason ?? '') } });
    }
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
