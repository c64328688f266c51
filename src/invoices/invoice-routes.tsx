/*
 * The invoice page and everything done on it: downloads, status changes, notes and the
 * editing lock. Each route finds the invoice through visibleInvoices first (404 otherwise);
 * each change re-checks visibility, the rules and the lock in its own transaction.
 */
import { HTTPException } from 'hono/http-exception';
import { canCodeInvoices } from '../coding/access';
import type { CurrentUser } from '../http/context';
import { Hono, type Context } from 'hono';
import { ApprovalChainPanel } from '../../views/approvals/chain-panel';
import { chainOf } from '../approvals/page-data';
import type { CodingPageProps } from '../../views/coding/page';
import { CodingSection } from '../../views/coding/page';
import { InvoiceBatchesPanel } from '../../views/export/invoice-batches';
import { InvoicePage, invoiceTitle, type InvoicePageProps } from '../../views/invoices/show';
import { orderState, unmatchedNote } from '../coding/order-state';
import { findCodingInvoice } from '../coding/page-data';
import { todayOf } from '../format/numbers';
import { codingSectionProps } from '../coding/section-data';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields, readForm } from '../http/form';
import { currentUser } from '../http/guards';
import { mayExport } from '../export/access';
import { invoiceBatches } from '../export/queries';
import { invoiceResponses } from '../responses/page-data';
import { mayActOnResponses } from '../responses/routes';
import { withCustomPlans } from './custom-plans';
import { download } from './download';
import { filterQuery, type Filters } from './filters';
import { addNote, invoiceHistory, NOTE_MAX } from './history';
import { listNeighbours } from './list-query';
import { acquireLock, currentLock, releaseLock } from './lock';
import { carriedFilters, idParam, invoiceNotFound, listFilters, listPath } from './params';
import { creditedInvoice, findInvoice, invoiceAttachment, invoiceOriginal, invoiceParts } from './queries';
import { statusLabel } from './statuses';
import { ACTIONS, actionsFor, isAction, mayAct, TRANSITIONS } from './transitions';
import { changeStatus, describeProblem, REASON_MAX } from './workflow';
import { validationBlock } from '../validation/gate';
import { invoiceValidation } from '../validation/page-data';
import { OVERRIDE_ERRORS, rejectionPrefill, validationPanel } from '../validation/panel';

export type Problem = Pick<InvoicePageProps, 'errors' | 'values' | 'problem' | 'confirmReady' | 'openDecide'> & {
  coding?: Partial<CodingPageProps>;
  /** The validation override's reason sent back, with its error beside it. */
  override?: { error: string; reason: string };
};

/** Renders the invoice page (the coding routes use it too, for their answers without JavaScript). */
/** Only roles that may change an invoice take its editing lock or add notes (Financial Accounting reads). */
function mayEdit(user: CurrentUser) {
  if (!canCodeInvoices(user)) throw new HTTPException(403, { message: 'Only the AP team (specialists, managers and admins) edits invoices and adds notes.' });
}

export function invoicePage(deps: Deps) {
  const { sql } = deps;
  const render = async (c: Context<AppEnv>, id: number, f: Filters, problem: Problem = {}) => {
    const user = currentUser(c);
    const invoice = await findInvoice(sql, user, id);
    if (!invoice) throw invoiceNotFound();
    const [parts, history, lock, neighbours, creditedId, responses, order, validation, chain, batches] = await Promise.all([
      invoiceParts(sql, id),
      invoiceHistory(sql, id),
      currentLock(sql, id),
      withCustomPlans(sql, (tx) => listNeighbours(tx, user, f, id)),
      creditedInvoice(sql, user, invoice),
      invoiceResponses(sql, id),
      orderState(sql, id),
      invoiceValidation(sql, id),
      chainOf(sql, user, id, invoice.status),
      mayExport(user) ? invoiceBatches(sql, id) : [],
    ]);
    const listQuery = filterQuery(f);
    // EN 16931 (src/validation): the panel, and a rejection's reason starts from the first fatal finding.
    const prefill = rejectionPrefill(validation);
    if (prefill && !problem.values?.reason && actionsFor(user, invoice.status).includes('reject')) problem = { ...problem, values: { ...problem.values, reason: prefill, reason_code: problem.values?.reason_code || 'LEG' } };
    const overrideError = problem.override?.error ?? OVERRIDE_ERRORS[c.req.query('override_error') ?? ''];
    const validationSlot = validationPanel(user, invoice, validation, { csrf: c.get('csrfToken'), listQuery, overrideError, overrideReason: problem.override?.reason });
    const codingInvoice = await findCodingInvoice(sql, user, id);
    const coding = codingInvoice && (await codingSectionProps(sql, user, codingInvoice, { csrf: c.get('csrfToken'), listQuery, hasNext: neighbours.next !== null }, problem.coding));
    // With an approval chain, Approve means "approve the current step" and is offered to whoever that step waits for (src/approvals).
    const allowed = actionsFor(user, invoice.status);
    const actions = ACTIONS.filter((a) => (a === 'approve' && chain !== null ? chain.mayApprove : allowed.includes(a)));
    const props: InvoicePageProps = {
      invoice, ...parts, history, lock, neighbours, creditedId, responses, canActOnResponses: mayActOnResponses(user), validation: validationSlot, ...problem,
      userId: user.id, canEdit: canCodeInvoices(user), actions, listQuery, csrf: c.get('csrfToken'), flash: c.get('flash'),
      approval: <ApprovalChainPanel invoiceId={id} chain={chain} csrf={c.get('csrfToken')} listQuery={listQuery} />,
      exports: <InvoiceBatchesPanel batches={batches} />,
      order, today: todayOf(), coding: coding && <CodingSection {...coding} />,
    };
    return c.render(<InvoicePage {...props} />, { title: invoiceTitle(invoice), active: 'invoices' });
  };
  return render;
}

export function invoiceRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const render = invoicePage(deps);

  const toNext = (c: Context<AppEnv>, next: number | null, f: Filters, flash: string) => {
    setFlash(deps.jar(c), next === null ? `${flash} That was the last invoice of your list.` : flash);
    const query = filterQuery(f);
    return c.redirect(`${next === null ? listPath(f) : `/invoices/${next}`}${query ? `?${query}` : ''}`, 303);
  };

  const backTo = (c: Context<AppEnv>, id: number, f: Filters, flash?: string) => {
    if (flash) setFlash(deps.jar(c), flash);
    const query = filterQuery(f);
    return c.redirect(`/invoices/${id}${query ? `?${query}` : ''}`, 303);
  };

  // ?reason= (and ?reason_code=) pre-fill the hold/reject form, e.g. from a "Reject because of BR-…" link.
  // ?split=<line id> opens that line's split form in place (the no-JavaScript way to split).
  app.get('/:id', (c) => {
    const prefill = { reason: (c.req.query('reason') ?? '').slice(0, REASON_MAX), reason_code: c.req.query('reason_code') ?? '' };
    const split = Number(c.req.query('split'));
    const coding = Number.isSafeInteger(split) && split > 0 ? { coding: { split: { lineId: split } } } : {};
    return render(c, idParam(c), listFilters(c.req.query()).filters, { ...(prefill.reason || prefill.reason_code ? { values: prefill, openDecide: true } : {}), ...coding });
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
    const { fields: form, invalid } = await readForm(c);
    const { filters } = carriedFilters(form.list_query);
    let reason = typeof form.reason === 'string' ? form.reason : '';
    const reasonCode = typeof form.reason_code === 'string' ? form.reason_code : '';
    const actionCode = typeof form.action_code === 'string' ? form.action_code : '';
    if (!isAction(form.action)) {
      c.status(422);
      return render(c, id, filters, { problem: 'Choose a status change.' });
    }
    if (Object.keys(invalid).length > 0) {
      if (!(await findInvoice(sql, currentUser(c), id))) throw invoiceNotFound();
      c.status(422);
      return render(c, id, filters, { errors: invalid, values: { reason, action: form.action, reason_code: reasonCode, action_code: actionCode } });
    }
    const user = currentUser(c);
    // Questions first asked of those who may make the change (the others get changeStatus's refusal below).
    const asks = (form.action === 'cancel' || form.action === 'mark_ready') && mayAct(user, form.action) ? await findInvoice(sql, user, id) : undefined;
    const applies = asks !== undefined && (TRANSITIONS[form.action].from as readonly string[]).includes(asks.status);
    // Cancelling cannot be undone by the clerk who did it: it needs its own confirmation, also without JavaScript.
    if (applies && form.action === 'cancel' && form.confirm !== 'yes') {
      c.status(422);
      return render(c, id, filters, { problem: 'Not cancelled: tick “Yes, cancel” to confirm.' });
    }
    // Mark ready with lines not matched to the order: ask first, and record that it was confirmed.
    if (applies && form.action === 'mark_ready') {
      const order = await orderState(sql, id);
      const note = unmatchedNote(order);
      // Nothing to confirm when validation holds it back anyway: changeStatus says why below.
      if (note && form.confirm !== 'yes' && !(await validationBlock(sql, id))) {
        c.status(409);
        return render(c, id, filters, { confirmReady: order });
      }
      if (note) reason = note;
    }
    // "Approve & next": the next invoice of the same list, found before this one may leave the list.
    const andNext = form.then === 'next' || c.req.query('then') === 'next';
    const next = andNext ? (await withCustomPlans(sql, (tx) => listNeighbours(tx, user, filters, id))).next : null;
    const outcome = await changeStatus(sql, { user, invoiceId: id, action: form.action, reason, reasonCode, actionCode });
    if (outcome.ok) {
      const message = outcome.step
        ? `Invoice ${outcome.invoiceNumber}: approval step “${outcome.step}” done; it waits for the next step.`
        : `Invoice ${outcome.invoiceNumber}: ${statusLabel(outcome.from)} → ${statusLabel(outcome.to)}.`;
      if (andNext) return toNext(c, next, filters, message);
      // An approver who sees the invoice only while it waits for them goes back to their Approvals page.
      if (form.action === 'approve' && !(await findInvoice(sql, user, id))) {
        setFlash(deps.jar(c), message);
        return c.redirect('/approvals', 303);
      }
      return backTo(c, id, filters, message);
    }
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
    mayEdit(currentUser(c));
    const { fields: form, invalid } = await readForm(c);
    const { filters } = carriedFilters(form.list_query);
    const note = typeof form.note === 'string' ? form.note.trim() : '';
    if (note === '' || note.length > NOTE_MAX || invalid.note) {
      if (!(await findInvoice(sql, currentUser(c), id))) throw invoiceNotFound();
      c.status(422);
      const message = invalid.note ?? (note === '' ? 'Write a note first.' : `Keep the note under ${NOTE_MAX} characters.`);
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
    mayEdit(currentUser(c));
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
