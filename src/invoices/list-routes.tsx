/*
 * My Invoices and Complete Invoices: the filtered, sorted, keyset-paged list (a whole page,
 * or just the results for htmx), its CSV export, uploads, and bulk status changes.
 */
import { Hono, type Context } from 'hono';
import { InvoiceResults, MyInvoicesPage, type ListPageProps } from '../../views/invoices/list';
import { SavedViewTabs } from '../../views/invoices/saved-views';
import { UploadForm, UploadResults } from '../../views/invoices/upload';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { formFields, formFiles, readForm, refuseUnshown } from '../http/form';
import { currentUser } from '../http/guards';
import { invoicesCsv } from './csv';
import { filterQuery, isFiltered, type Filters } from './filters';
import { firstRun } from './first-run';
import { loadList } from './list-data';
import { carriedFilters, isFragmentRequest, listFilters, listPath, listPosition } from './params';
import type { ListView } from './statuses';
import { actionsOf, isAction, TRANSITIONS } from './transitions';
import { mayUploadFor, setUploadCompany, storeUploads, uploadCompanies, uploadedInvoices, whereItWent } from './uploads';
import { isLiveBatchOf, loadUploadBatch, recordUploadBatch, UPLOAD_RESULT_HOURS } from './upload-batches';
import { ErrorPage } from '../../views/errors';
import { setFlash } from '../http/flash';
import { BULK_MAX, changeStatuses, checkReason, checkReasonCodes } from './workflow';
import { invoicesToCancel } from './bulk-confirm';
import { unmatchedForBulkReady } from './bulk-ready';
import { ConfirmBulkCancel } from '../../views/invoices/bulk-confirm';

/** The list's address without the blank fields a GET form sends, so bookmarks stay short. */
function canonicalUrl(c: Context, f: Filters) {
  const query = new URLSearchParams(filterQuery(f));
  for (const key of ['after', 'before']) {
    const value = c.req.query(key);
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return `${listPath(f)}${text ? `?${text}` : ''}`;
}

type Extra = Pick<ListPageProps, 'uploadError' | 'uploadCompanyError' | 'uploadCompany' | 'outcomes' | 'uploadBatch' | 'bulk' | 'bulkErrors' | 'bulkValues' | 'selectedIds'>;

/** The bulk form's fields a clerk sets (the others are hidden: list_query, confirm). */
const BULK_FIELDS = ['action', 'reason', 'reason_code', 'action_code', 'ids'];

export function listRoutes(deps: Deps) {
  const { sql, config } = deps;
  const maxMegabytes = Math.round((config.EINVOICE_MAX_BYTES / (1024 * 1024)) * 10) / 10;
  const app = new Hono<AppEnv>();

  const render = async (c: Context<AppEnv>, f: Filters, errors: ListPageProps['errors'], extra: Extra = {}) => {
    const user = currentUser(c);
    const position = c.req.method === 'GET' ? listPosition(c, f) : null;
    const data = await loadList(sql, user, f, position, config.LIST_COUNT_BUDGET_MS);
    const empty = data.page.rows.length === 0 && f.view === 'open' && !isFiltered(f) && position === null;
    const setup = empty ? await firstRun(sql, user) : null;
    const props: ListPageProps = { ...data, ...extra, setup, filters: f, errors, csrf: c.get('csrfToken'), flash: c.get('flash'), user, maxMegabytes };
    if (c.req.method === 'GET' && isFragmentRequest(c)) {
      c.header('HX-Push-Url', canonicalUrl(c, f));
      return c.html(<><InvoiceResults {...props} /><SavedViewTabs views={data.views} filters={f} csrf={props.csrf} oob /></>);
    }
    const title = f.view === 'complete' ? 'Complete Invoices' : 'My Invoices';
    return c.render(<MyInvoicesPage {...props} />, { title, active: 'invoices' });
  };

  const listPage = (view: ListView) => (c: Context<AppEnv>) => {
    const { filters, errors } = listFilters(c.req.query(), view);
    const blanks = Object.values(c.req.query()).some((value) => value === '');
    if (blanks && Object.keys(errors).length === 0 && !isFragmentRequest(c)) return c.redirect(canonicalUrl(c, filters), 302);
    return render(c, filters, errors);
  };
  app.get('/', listPage('open'));
  app.get('/complete', listPage('complete'));

  app.get('/export.csv', (c) => {
    const { filters } = listFilters(c.req.query());
    const name = `${filters.view === 'complete' ? 'complete-invoices' : 'invoices'}-${new Date().toISOString().slice(0, 10)}.csv`;
    const dialect = c.req.query('format') === 'semicolon' ? 'semicolon' : 'comma';
    return c.body(invoicesCsv(deps.downloads, currentUser(c), filters, dialect, deps.log), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    });
  });

  app.post('/uploads', async (c) => {
    const { fields, invalid } = await readForm(c);
    refuseUnshown(invalid, ['company']);
    const files = await formFiles(c, 'files');
    const { filters } = listFilters({}, 'open');
    const user = currentUser(c);
    const htmx = Boolean(c.req.header('hx-request'));
    c.header('Vary', 'HX-Request');
    const picked = typeof fields.company === 'string' && /^\d{1,15}$/.test(fields.company) ? Number(fields.company) : null;
    // a company not offered to this user (a forged value) is ignored: the file alone decides
    const company = picked ? await mayUploadFor(sql, user, picked) : null;
    if (files.length === 0 || invalid.company) {
      // a browser never keeps chosen files in a form sent back: the message beside the files says so
      const uploadError = files.length === 0 ? 'Choose one or more e-invoice files to upload.' : 'Choose the files again: the form came back because of the company field, and a browser does not keep chosen files.';
      const uploadCompanyError = invalid.company;
      c.status(422);
      if (!htmx) return render(c, filters, {}, { uploadError, uploadCompanyError, uploadCompany: company?.id ?? null });
      // with htmx the form itself is answered, the error next to its field
      c.header('HX-Retarget', '#upload-form');
      c.header('HX-Reswap', 'outerHTML');
      return c.html(<UploadForm csrf={c.get('csrfToken')} maxMegabytes={maxMegabytes} error={uploadError} companyError={uploadCompanyError} companies={await uploadCompanies(sql, user)} chosen={company?.id ?? null} />);
    }
    const outcomes = await storeUploads(sql, files, { user, maxBytes: config.EINVOICE_MAX_BYTES, company });
    const batch = await recordUploadBatch(sql, user, company, outcomes);
    deps.log.info({ by: user.id, batch, files: outcomes.length, rejected: outcomes.filter((o) => o.outcome === 'rejected').length }, 'invoices uploaded');
    // Post/Redirect/Get: reloading the result page shows the result again, it does not send the files twice
    if (!htmx) return c.redirect(`/invoices/uploads/${batch}`, 303);
    const data = await loadList(sql, user, filters, null, config.LIST_COUNT_BUDGET_MS);
    const props: ListPageProps = { ...data, filters, errors: {}, csrf: c.get('csrfToken'), flash: null, user, maxMegabytes };
    return c.html(<><UploadResults outcomes={outcomes} companies={data.uploadCompanies} csrf={props.csrf} user={user} batch={batch} /><InvoiceResults {...props} oob /></>);
  });

  // An upload's result (the no-JS upload redirects here): My Invoices with the result on top, for its uploader only
  app.get('/uploads/:batch{[0-9a-f-]{36}}', async (c) => {
    const user = currentUser(c);
    const loaded = await loadUploadBatch(sql, user, c.req.param('batch'));
    c.header('Cache-Control', 'private, no-store');
    if (loaded.state === 'missing') {
      c.status(404);
      const message = 'There is no upload result at this address that you may see: a result is shown only to whoever uploaded the files.';
      return c.render(<ErrorPage title="Upload result not found" message={message} requestId={c.get('requestId')} />, { title: 'Upload result not found' });
    }
    if (loaded.state === 'expired') {
      c.status(410);
      const message = `Upload results are kept for ${UPLOAD_RESULT_HOURS} hours, and this one is older. The invoices you uploaded are in My Invoices (filter "Received via: Upload").`;
      return c.render(<ErrorPage title="This upload result has expired" message={message} />, { title: 'Upload result expired' });
    }
    const { filters } = listFilters({}, 'open');
    return render(c, filters, {}, { outcomes: loaded.outcomes, uploadCompany: loaded.company?.id ?? null, uploadBatch: c.req.param('batch') });
  });

  // "Which company is this invoice for?" from the upload result: only the uploader, only while it has none
  app.post('/uploads/:id{[0-9]+}/company', async (c) => {
    const user = currentUser(c);
    const form = await formFields(c);
    const companyId = typeof form.company === 'string' && /^\d{1,15}$/.test(form.company) ? Number(form.company) : 0;
    const number = companyId > 0 ? await setUploadCompany(sql, user, Number(c.req.param('id')), companyId) : null;
    const [placed] = number ? await uploadedInvoices(sql, user, [Number(c.req.param('id'))]) : [];
    setFlash(deps.jar(c), placed
      ? `Invoice ${placed.invoiceNumber}: company ${placed.companyName}, ${placed.groupName ? `document group ${placed.groupName}` : 'Unassigned'}.${placed.visible ? '' : ` ${whereItWent(placed)}`}`
      : 'The company was not set: choose a company for an invoice you uploaded that has none.');
    // back to the upload's result when the form came from one (still the uploader's, not expired)
    return c.redirect(await isLiveBatchOf(sql, user, form.batch) ? `/invoices/uploads/${form.batch}` : '/invoices', 303);
  });

  app.get('/status-changes', (c) => c.redirect('/invoices', 303));

  app.post('/status-changes', async (c) => {
    const user = currentUser(c);
    const { fields: form, invalid } = await readForm(c);
    refuseUnshown(invalid, BULK_FIELDS);
    const { filters } = carriedFilters(form.list_query);
    const ids = [form.ids ?? []].flat().map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    const action = form.action;
    const reason = typeof form.reason === 'string' ? form.reason : '';
    const reasonCode = typeof form.reason_code === 'string' ? form.reason_code : '';
    const actionCode = typeof form.action_code === 'string' ? form.action_code : '';
    const bulkValues = { action: typeof action === 'string' ? action : '', reason, reason_code: reasonCode, action_code: actionCode };
    const bulkErrors: Record<string, string> = {};
    if (!isAction(action) || !actionsOf(user).includes(action)) bulkErrors.action = 'Choose a change your role may make.';
    else {
      if (checkReason(action, reason)) bulkErrors.reason = checkReason(action, reason)!;
      Object.assign(bulkErrors, checkReasonCodes(action, reasonCode, actionCode) ?? {});
    }
    if (ids.length === 0) bulkErrors.ids = 'Select one or more invoices first.';
    else if (ids.length > BULK_MAX) bulkErrors.ids = `Select at most ${BULK_MAX} invoices at a time.`;
    Object.assign(bulkErrors, invalid); // a control character: beside its field, the value shown without it
    if (Object.keys(bulkErrors).length > 0 || !isAction(action)) {
      c.status(422);
      return render(c, filters, {}, { bulkErrors, bulkValues, selectedIds: ids });
    }
    // Cancel is hard to undo for a whole selection: the server asks first (also without JavaScript), listing the invoices
    if (action === 'cancel' && form.confirm !== 'yes') {
      const rows = await invoicesToCancel(sql, user, ids);
      const query = filterQuery(filters);
      return c.render(
        <ConfirmBulkCancel rows={rows} unseen={new Set(ids).size - rows.length} listQuery={query} listPath={listPath(filters)} csrf={c.get('csrfToken')}
          values={{ reason, reason_code: reasonCode, action_code: actionCode }} />,
        { title: 'Cancel invoices?', active: 'invoices' },
      );
    }
    // Mark ready with unmatched lines needs its question, asked on the invoice's own page: left out here, with why
    const unconfirmed = action === 'mark_ready' ? await unmatchedForBulkReady(sql, user, ids) : [];
    const asked = new Set(unconfirmed.map((u) => u.id));
    const outcome = await changeStatuses(sql, { user, ids: ids.filter((id) => !asked.has(id)), action, reason, reasonCode, actionCode });
    outcome.skipped.push(...unconfirmed);
    deps.log.info({ by: user.id, action, changed: outcome.changed.length, skipped: outcome.skipped.length }, 'bulk status change');
    const query = filterQuery(filters);
    c.header('HX-Push-Url', `${listPath(filters)}${query ? `?${query}` : ''}`);
    return render(c, filters, {}, { bulk: { label: TRANSITIONS[action].label, ...outcome } });
  });

  return app;
}
