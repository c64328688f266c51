/*
 * /approvals: what waits for me (approve one or several), the approver's answers on an
 * invoice (approve this step, reject, ask a question) and my out-of-office period.
 * Approving goes through the invoice workflow's changeStatus (src/invoices/workflow.ts), so
 * the last step makes the invoice Approved and answers the supplier exactly as before.
 */
import { Hono, type Context } from 'hono';
import { ApprovalAnswerPage } from '../../views/approvals/answer';
import { ApprovalsPage } from '../../views/approvals/list';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { setFlash } from '../http/flash';
import { formFields, readForm } from '../http/form';
import { currentUser } from '../http/guards';
import { carriedFilters, idParam, invoiceNotFound } from '../invoices/params';
import { filterQuery } from '../invoices/filters';
import { findInvoice } from '../invoices/queries';
import { changeStatus, changeStatuses, describeProblem } from '../invoices/workflow';
import { askQuestion, rejectStep } from './actions';
import { delegationOf } from './delegation';
import { delegationRoutes } from './delegation-routes';
import { chainOf, waitingFor } from './page-data';

export function approvalsRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  const title = { title: 'Approvals', active: 'approvals' as const };

  const list = async (c: Context<AppEnv>, problem?: string) => {
    const user = currentUser(c);
    const [rows, delegation] = await Promise.all([waitingFor(sql, user.id), delegationOf(sql, user.id)]);
    const active = delegation && delegation.current ? delegation : null;
    return c.render(<ApprovalsPage rows={rows} csrf={c.get('csrfToken')} flash={c.get('flash')} problem={problem} delegation={active} />, title);
  };

  app.get('/', (c) => list(c));

  /** One invoice (the row's Approve button, "one") or the selected ones ("ids"). */
  app.post('/approved', async (c) => {
    const user = currentUser(c);
    const form = await formFields(c);
    const ids = (form.one !== undefined ? [form.one] : [form.ids ?? []].flat()).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    if (ids.length === 0) {
      c.status(422);
      return list(c, 'Select one or more invoices first.');
    }
    const result = await changeStatuses(sql, { user, ids, action: 'approve' });
    const done = result.changed.map((x) => x.invoiceNumber).join(', ');
    const skipped = result.skipped.map((x) => `${x.invoiceNumber ?? `#${x.id}`} (${x.why})`).join('; ');
    setFlash(deps.jar(c), [done && `Approved: ${done}.`, skipped && `Not approved: ${skipped}.`].filter(Boolean).join(' '));
    return c.redirect('/approvals', 303);
  });

  /** Back to the invoice (in the list it was opened from) while this user may still see it, else to the Approvals page. */
  const after = async (c: Context<AppEnv>, id: number, flash: string, listQuery?: unknown) => {
    setFlash(deps.jar(c), flash);
    const q = filterQuery(carriedFilters(listQuery).filters); // re-built from parsed filters: never echoes the raw field
    return c.redirect((await findInvoice(sql, currentUser(c), id)) ? `/invoices/${id}${q ? `?${q}` : ''}#approval` : '/approvals', 303);
  };

  app.post('/:id{[0-9]+}/approval', async (c) => {
    const id = idParam(c);
    const outcome = await changeStatus(sql, { user: currentUser(c), invoiceId: id, action: 'approve' });
    if (outcome.ok) return after(c, id, outcome.to === 'approved' ? `Invoice ${outcome.invoiceNumber} is approved.` : `Invoice ${outcome.invoiceNumber}: your step is approved; it waits for the next.`);
    if (outcome.problem === 'not_found') throw invoiceNotFound();
    return answerPage(c, id, outcome.problem === 'not_allowed' ? 403 : 409, `Not approved: ${describeProblem(outcome)}.`);
  });

  app.post('/:id{[0-9]+}/rejection', async (c) => {
    const id = idParam(c);
    const { fields, invalid } = await readForm(c);
    const reason = String(fields.reason ?? '');
    if (invalid.reason) return answerPage(c, id, 422, undefined, { reject: invalid.reason }, { reject: reason });
    const outcome = await rejectStep(sql, currentUser(c), id, reason, deps.config.publicUrl);
    if (outcome.ok) return after(c, id, `Invoice ${outcome.invoiceNumber} is back In review with your reason.`, fields.list_query);
    if (outcome.status === 404) throw invoiceNotFound();
    if (outcome.status === 422) return answerPage(c, id, 422, undefined, { reject: outcome.message }, { reject: reason });
    return answerPage(c, id, outcome.status, `Not rejected: ${outcome.message}`);
  });

  app.post('/:id{[0-9]+}/question', async (c) => {
    const id = idParam(c);
    const { fields, invalid } = await readForm(c);
    const question = String(fields.question ?? '');
    if (invalid.question) return answerPage(c, id, 422, undefined, { question: invalid.question }, { question });
    const outcome = await askQuestion(sql, currentUser(c), id, question, deps.config.publicUrl);
    if (outcome.ok) return after(c, id, outcome.askedName ? `Question sent to ${outcome.askedName}.` : 'Question added to the history (nobody to email: apdesk marked it Ready).', fields.list_query);
    if (outcome.status === 404) throw invoiceNotFound();
    if (outcome.status === 422) return answerPage(c, id, 422, undefined, { question: outcome.message }, { question });
    return answerPage(c, id, outcome.status, `Not sent: ${outcome.message}`);
  });

  /** The chain with the error beside its field (or the refusal), for answers that did not go through. */
  const answerPage = async (c: Context<AppEnv>, id: number, status: 403 | 409 | 422, problem?: string, errors?: { reject?: string; question?: string }, values?: { reject?: string; question?: string }) => {
    const user = currentUser(c);
    const invoice = await findInvoice(sql, user, id);
    if (!invoice) throw invoiceNotFound();
    c.status(status);
    const chain = await chainOf(sql, user, id, invoice.status);
    return c.render(<ApprovalAnswerPage invoiceId={id} invoiceNumber={invoice.invoiceNumber} chain={chain} csrf={c.get('csrfToken')} problem={problem} errors={errors} values={values} />, title);
  };

  app.route('/out-of-office', delegationRoutes(deps));
  return app;
}
