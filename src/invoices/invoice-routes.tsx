/*
 * The invoice page and everything done on it: downloads, status changes, notes and the
 * editing lock. Each route finds the invoice through visibleInvoices first (404 otherwise);
 * each change re-checks visibility, the rules and the lock in its own transaction.
 */
import { Hono, type Context } from 'hono';
import { ApprovalChainPanel } from '../../views/approvals/chain-panel';
import { InvoicePage, type InvoicePageProps } from '../../views/invoices/show';
import { chainOf } from '../approvals/page-data';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields } from '../http/form';
import { currentUser } from '../http/guards';
import { invoiceResponses } from '../responses/page-data';
import { mayActOnResponses } from '../responses/routes';
import { withCustomPlans } from './custom-plans';
import { download } from './download';
import { filterQuery, type Filters } from './filters';
import { addNote, invoiceHistory, NOTE_MAX } from './history';
import { listNeighbours } from './list-query';
import { acquireLock, currentLock, releaseLock } from './lock';
import { carriedFilters, idParam, invoiceNotFound, listFilters } from './params';
import { creditedInvoice, findInvoice, invoiceAttachment, invoiceOriginal, invoiceParts } from './queries';
import { statusLabel } from './statuses';
import { actionsFor, isAction } from './transitions';
import { changeStatus, describeProblem, REASON_MAX } from './workflow';
import { invoiceValidation } from '../validation/page-data';
import { OVERRIDE_ERRORS, rejectionPrefill, validationPanel } from '../validation/routes';

type Problem = Pick<InvoicePageProps, 'errors' | 'values' | 'problem'>;

export function invoiceRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();

  const render = async (c: Context<AppEnv>, id: number, f: Filters, problem: Problem = {}) => {
    const user = currentUser(c);
    const invoice = await findInvoice(sql, user, id);
    if (!invoice) throw invoiceNotFound();
    const [parts, history, lock, neighbours, creditedId, responses, validation, chain] = await Promise.all([
      invoiceParts(sql, id),
      invoiceHistory(sql, id),
      currentLock(sql, id),
      withCustomPlans(sql, (tx) => listNeighbours(tx, user, f, id)),
      creditedInvoice(sql, user, invoice),
      invoiceResponses(sql, id),
      invoiceValidation(sql, id),
      chainOf(sql, user, id, invoice.status),
    ]);
    // EN 16931 (src/validation): the panel, and a rejection's reason starts from the first fatal finding.
    const prefill = rejectionPrefill(validation);
    if (prefill && !problem.values?.reason && actionsFor(user, invoice.status).includes('reject')) problem = { ...problem, values: { ...problem.values, reason: prefill, reason_code: problem.values?.reason_code || 'LEG' } };
    const overrideError = OVERRIDE_ERRORS[c.req.query('override_error') ?? ''];
    const validationSlot = validationPanel(user, invoice, validation, { csrf: c.get('csrfToken'), listQuery: filterQuery(f), overrideError });
    // With an approval chain, approving is the chain panel's "Approve this step" (src/approvals).
    const actions = actionsFor(user, invoice.status).filter((a) => a !== 'approve' || chain === null);
    const props: InvoicePageProps = {
      invoice, ...parts, history, lock, neighbours, creditedId, responses, canActOnResponses: mayActOnResponses(user), validation: validationSlot, ...problem,
      userId: user.id, actions, approval: <ApprovalChainPanel invoiceId={id} chain={chain} csrf={c.get('csrfToken')} />, listQuery: filterQuery(f), csrf: c.get('csrfToken'), flash: c.get('flash'),
    };
    const kind = invoice.documentType === 'credit_note' ? 'Credit note' : 'Invoice';
    return c.render(<InvoicePage {...props} />, { title: `${kind} ${invoice.invoiceNumber}`, active: 'invoices' });
  };

  const backTo = (c: Context<AppEnv>, id: number, f: Filters, flash?: string) => {
    if (flash) setFlash(deps.jar(c), flash);
    const query = filterQuery(f);
    return c.redirect(`/invoices/${id}${query ? `?${query}` : ''}`, 303);
  };

  // ?reason= (and ?reason_code=) pre-fill the hold/reject form, e.g. from a "Reject because of BR-…" link.
  app.get('/:id', (c) => {
    const prefill = { reason: (c.req.query('reason') ?? '').slice(0, REASON_MAX), reason_code: c.req.query('reason_code') ?? '' };
    return render(c, idParam(c), listFilters(c.req.query()).filters, prefill.reason || prefill.reason_code ? { values: prefill } : {});
  });

  app.get('/:id/original', async (c) => {
    const file = await invoiceOriginal(sql, currentUser(c), idParam(c));
    if (!file) throw invoiceNotFound();
    return download(c, file, `invoice-${c.req.param('id')}.xml`);
  });

  app.get('/:id/attachments/:attachmentId', async (c) => {
    const file = await invoiceAttachment(sql, currentUser(c), idParam(c), idParam(c, 'attachmentId'));
    if (!file) throw invoiceNotFound();
    return download(c, file, `attachment-${c.req.param('attachmentId')}`, { inline: c.req.query('inline') === '1' });
  });

  app.post('/:id/status-changes', async (c) => {
    const id = idParam(c);
    const form = await formFields(c);
    const { filters } = carriedFilters(form.list_query);
    const reason = typeof form.reason === 'string' ? form.reason : '';
    const reasonCode = typeof form.reason_code === 'string' ? form.reason_code : '';
    const actionCode = typeof form.action_code === 'string' ? form.action_code : '';
    if (!isAction(form.action)) {
      c.status(422);
      return render(c, id, filters, { problem: 'Choose a status change.' });
    }
    const outcome = await changeStatus(sql, { user: currentUser(c), invoiceId: id, action: form.action, reason, reasonCode, actionCode });
    if (outcome.ok) return backTo(c, id, filters, `Invoice ${outcome.invoiceNumber}: ${statusLabel(outcome.from)} → ${statusLabel(outcome.to)}.`);
    if (outcome.problem === 'not_found') throw invoiceNotFound();
    if (outcome.problem === 'reason') {
      c.status(422);
      return render(c, id, filters, { errors: { [outcome.field ?? 'reason']: outcome.message }, values: { reason, action: form.action, reason_code: reasonCode, action_code: actionCode } });
    }
    c.status(outcome.problem === 'not_allowed' ? 403 : 409);
    return render(c, id, filters, { problem: `Not changed: ${describeProblem(outcome)}.` });
  });

  app.post('/:id/notes', async (c) => {
    const id = idParam(c);
    const form = await formFields(c);
    const { filters } = carriedFilters(form.list_query);
    const note = typeof form.note === 'string' ? form.note.trim() : '';
    if (note === '' || note.length > NOTE_MAX) {
      if (!(await findInvoice(sql, currentUser(c), id))) throw invoiceNotFound();
      c.status(422);
      const message = note === '' ? 'Write a note first.' : `Keep the note under ${NOTE_MAX} characters.`;
      return render(c, id, filters, { errors: { note: message }, values: { note } });
    }
    const outcome = await addNote(sql, currentUser(c), id, note);
    if (outcome.ok) return backTo(c, id, filters, 'Note added.');
    if (outcome.problem === 'not_found') throw invoiceNotFound();
    c.status(409);
    return render(c, id, filters, { problem: `Not saved: being edited by ${outcome.holder.name}.`, values: { note } });
  });

  app.post('/:id/lock', async (c) => {
    const id = idParam(c);
    const { filters } = carriedFilters((await formFields(c)).list_query);
    const outcome = await acquireLock(sql, currentUser(c), id);
    if (outcome.ok) return backTo(c, id, filters);
    if (outcome.notFound) throw invoiceNotFound();
    c.status(409);
    return render(c, id, filters, { problem: `${outcome.holder.name} is editing this invoice.` });
  });

  app.post('/:id/lock/release', async (c) => {
    const id = idParam(c);
    const user = currentUser(c);
    const { filters } = carriedFilters((await formFields(c)).list_query);
    if (!(await findInvoice(sql, user, id))) throw invoiceNotFound();
    await releaseLock(sql, user, id);
    return backTo(c, id, filters);
  });

  return app;
}
