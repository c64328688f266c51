import { canSeeSettings } from '../../src/auth/roles';
import type { CurrentUser } from '../../src/http/context';
import type { Choice } from '../../src/invoices/list-data';
import { whereItWent, type UploadedInvoice, type UploadOutcome } from '../../src/invoices/uploads';
import { CsrfField } from '../components/form';

/**
 * A plain multipart form first; with htmx it posts in place and swaps in the results, and
 * /assets/upload.js turns the box into a drop zone (files dropped on it are submitted).
 * The company is asked up front: it is used for files whose buyer names no company apdesk
 * knows (a file naming one keeps it). With one company to offer it is preselected.
 */
export function UploadForm({ csrf, maxMegabytes, error, companyError, companies = [], chosen = null }: { csrf: string; maxMegabytes: number; error?: string; companyError?: string; companies?: Choice[]; chosen?: number | null }) {
  const selected = companies.length === 1 ? companies[0]!.id : chosen;
  return (
    <form id="upload-form" method="post" action="/invoices/uploads" enctype="multipart/form-data" class="card upload" data-dropzone
      hx-post="/invoices/uploads" hx-encoding="multipart/form-data" hx-target="#upload-results" hx-swap="innerHTML">
      <CsrfField token={csrf} />
      <div class={error ? 'field has-error' : 'field'}>
        <label for="upload-files">E-invoice files</label>
        <small id="upload-files-hint" class="hint">
          {`UBL, CII or FatturaPA files (XML or signed .p7m), up to ${maxMegabytes} MB each. Choose several at once, or drop them on this box.`}
        </small>
        <input id="upload-files" type="file" name="files" multiple accept=".xml,.p7m,application/xml,text/xml"
          aria-describedby={error ? 'upload-files-hint upload-files-error' : 'upload-files-hint'} aria-invalid={error ? 'true' : undefined} />
        {error && <p id="upload-files-error" class="error" role="alert">{error}</p>}
      </div>
      {companies.length === 0 && companyError && <p class="form-error" role="alert">{companyError}</p>}
      {companies.length > 0 && (
        <div class={companyError ? 'field has-error' : 'field'}>
          <label for="upload-company">Company, when the file names none</label>
          <select id="upload-company" name="company" aria-describedby={companyError ? 'upload-company-hint upload-company-error' : 'upload-company-hint'} aria-invalid={companyError ? 'true' : undefined}>
            {companies.length > 1 && <option value="" selected={selected === null}>None: ask me after the upload</option>}
            {companies.map((c) => <option value={String(c.id)} selected={c.id === selected}>{c.name}</option>)}
          </select>
          <small id="upload-company-hint" class="hint">
            A file whose buyer VAT id is a known company keeps that company. The company decides the document group, and so who works on the invoice.
          </small>
          {companyError && <p id="upload-company-error" class="error" role="alert">{companyError}</p>}
        </div>
      )}
      <button type="submit" class="primary">Upload</button>
    </form>
  );
}

export function UploadResults({ outcomes, companies = [], csrf = '', user, batch }: { outcomes: UploadOutcome[]; companies?: Choice[]; csrf?: string; user: CurrentUser; batch?: string }) {
  if (outcomes.length === 0) return null;
  const imported = outcomes.reduce((n, o) => n + (o.outcome === 'imported' ? o.invoices.length : 0), 0);
  const rejected = outcomes.filter((o) => o.outcome === 'rejected').length;
  const ask = { companies, csrf, batch };
  return (
    <section class="card upload-results" aria-label="Upload results">
      <h2>Upload results</h2>
      <p class="muted">{`${imported} invoice${imported === 1 ? '' : 's'} imported${rejected ? `, ${rejected} file${rejected === 1 ? '' : 's'} rejected` : ''}.`}</p>
      <ul>
        {outcomes.map((o) => (
          <li class={o.outcome}>
            <strong>{o.filename}</strong>
            {o.outcome === 'rejected' ? (
              <span>
                {` — rejected: ${o.reason}`}
                {!o.kept ? ' It was not stored.'
                  : canSeeSettings(user) ? <>{' The file is kept under '}<a href="/needs-attention">Needs attention</a>{'.'}</>
                  : ' The file is kept for an AP Admin to look at (Needs attention).'}
              </span>
            ) : o.invoices.length === 1 ? (
              <span>{' — imported: '}<Uploaded inv={o.invoices[0]!} {...ask} /></span>
            ) : (
              <SeveralInvoices invoices={o.invoices} ask={ask} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

type Ask = { companies: Choice[]; csrf: string; batch?: string };
type Shown = { where: boolean; note: boolean; went: boolean };

const whereOf = (inv: UploadedInvoice) => `${inv.companyName ?? 'no company'}, ${inv.groupName ? `document group ${inv.groupName}` : 'Unassigned'}`;
const wentOf = (inv: UploadedInvoice) => (inv.visible ? null : whereItWent(inv, true));
/** The value every invoice of the file shares, else undefined. */
const shared = <T,>(invoices: UploadedInvoice[], of: (inv: UploadedInvoice) => T): T | undefined =>
  invoices.every((inv) => of(inv) === of(invoices[0]!)) ? of(invoices[0]!) : undefined;

/**
 * A file holding several invoices (FatturaPA bodies): what they share — company and group, the
 * note on the chosen company, where they went — is said once for the file, the rest per invoice.
 */
function SeveralInvoices({ invoices, ask }: { invoices: UploadedInvoice[]; ask: Ask }) {
  const where = shared(invoices, whereOf);
  const note = shared(invoices, (inv) => inv.companyNote);
  const went = shared(invoices, wentOf);
  const show: Shown = { where: where === undefined, note: note === undefined, went: went === undefined };
  return (
    <>
      <span>{` — imported ${invoices.length} invoices${where === undefined ? '' : ` (${where})`}:`}</span>
      {(note || went) && (
        <p class="upload-file-notes">
          {note && <span class="upload-note">{note}</span>}
          {went && <span class="upload-note">{`${note ? ' ' : ''}${went}`}</span>}
        </p>
      )}
      <ul class="upload-invoices">{invoices.map((inv) => <li><Uploaded inv={inv} {...ask} show={show} /></li>)}</ul>
    </>
  );
}

/** One imported invoice: its link, where it went, its warnings, and the company question when the file named none we know and none was chosen. */
function Uploaded({ inv, companies, csrf, batch, show = { where: true, note: true, went: true } }: Ask & { inv: UploadedInvoice; show?: Shown }) {
  return (
    <>
      {inv.visible ? <a href={`/invoices/${inv.id}`}>{`invoice ${inv.invoiceNumber}`}</a> : `invoice ${inv.invoiceNumber}`}
      {show.where && ` (${whereOf(inv)})`}
      {inv.duplicateOf !== null
        ? <>{' ('}<a href={`/invoices/${inv.duplicateOf}`}>possible duplicate</a>{')'}</>
        : inv.possibleDuplicate && ' (possible duplicate of an invoice you cannot see)'}
      {show.note && inv.companyNote && <span class="upload-note">{` ${inv.companyNote}`}</span>}
      {show.went && !inv.visible && <span class="upload-note">{` ${whereItWent(inv)}`}</span>}
      {inv.warnings.length > 0 && (
        <>
          <span class="upload-warnings-title">{`Reader warnings (${inv.warnings.length}):`}</span>
          <ul class="upload-warnings" aria-label={`Reader warnings for ${inv.invoiceNumber}`}>{inv.warnings.map((w) => <li>{w}</li>)}</ul>
        </>
      )}
      {inv.companyName === null && companies.length > 0 && (
        <form method="post" action={`/invoices/uploads/${inv.id}/company`} class="upload-company" hx-boost="false">
          <CsrfField token={csrf} />
          {batch && <input type="hidden" name="batch" value={batch} />}
          <label for={`upload-company-${inv.id}`}>{`Which company is invoice ${inv.invoiceNumber} for?`}</label>
          <select id={`upload-company-${inv.id}`} name="company" required>
            <option value="">Choose…</option>
            {companies.map((c) => <option value={String(c.id)}>{c.name}</option>)}
          </select>
          <button type="submit">Set company</button>
        </form>
      )}
    </>
  );
}
