import type { Choice } from '../../src/invoices/list-data';
import type { UploadedInvoice, UploadOutcome } from '../../src/invoices/uploads';
import { CsrfField } from '../components/form';

/**
 * A plain multipart form first; with htmx it posts in place and swaps in the results, and
 * /assets/upload.js turns the box into a drop zone (files dropped on it are submitted).
 */
export function UploadForm({ csrf, maxMegabytes, error, companies = [] }: { csrf: string; maxMegabytes: number; error?: string; companies?: Choice[] }) {
  return (
    <form method="post" action="/invoices/uploads" enctype="multipart/form-data" class="card upload" data-dropzone
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
      {companies.length > 0 && (
        <div class="field">
          <label for="upload-company">Company</label>
          <select id="upload-company" name="company" aria-describedby="upload-company-hint">
            <option value="">Find it in the file (buyer VAT id)</option>
            {companies.map((c) => <option value={String(c.id)}>{c.name}</option>)}
          </select>
          <small id="upload-company-hint" class="hint">The company decides the document group, and so who works on the invoice.</small>
        </div>
      )}
      <button type="submit" class="primary">Upload</button>
    </form>
  );
}

export function UploadResults({ outcomes, companies = [], csrf = '' }: { outcomes: UploadOutcome[]; companies?: Choice[]; csrf?: string }) {
  if (outcomes.length === 0) return null;
  return (
    <section class="card upload-results" aria-label="Upload results">
      <h2>Upload results</h2>
      <ul>
        {outcomes.map((o) => (
          <li class={o.outcome}>
            <strong>{o.filename}</strong>
            {o.outcome === 'rejected' ? (
              <span>{` — rejected: ${o.reason}`}</span>
            ) : (
              <span>
                {' — imported: '}
                {o.invoices.map((inv, i) => <>{i > 0 && ', '}<Uploaded inv={inv} companies={companies} csrf={csrf} /></>)}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One imported invoice: its link, where it went, its warnings, and the company question when the file named none we know. */
function Uploaded({ inv, companies, csrf }: { inv: UploadedInvoice; companies: Choice[]; csrf: string }) {
  const where = `${inv.companyName ?? 'no company'}, ${inv.groupName ? `document group ${inv.groupName}` : 'Unassigned'}`;
  return (
    <>
      {inv.visible ? <a href={`/invoices/${inv.id}`}>{`invoice ${inv.invoiceNumber}`}</a> : `invoice ${inv.invoiceNumber}`}
      {` (${where})`}
      {inv.duplicateOf !== null
        ? <>{' ('}<a href={`/invoices/${inv.duplicateOf}`}>possible duplicate</a>{')'}</>
        : inv.possibleDuplicate && ' (possible duplicate of an invoice you cannot see)'}
      {!inv.visible && (
        <span class="upload-note">{` It went to ${inv.groupName ? `the document group ${inv.groupName}` : 'Unassigned'}, which you are not in; ${inv.seenBy.slice(0, 8).join(', ')} can see it.`}</span>
      )}
      {inv.warnings.length > 0 && (
        <ul class="upload-warnings" aria-label={`Reader warnings for ${inv.invoiceNumber}`}>{inv.warnings.map((w) => <li>{w}</li>)}</ul>
      )}
      {inv.companyName === null && companies.length > 0 && (
        <form method="post" action={`/invoices/uploads/${inv.id}/company`} class="upload-company" hx-boost="false">
          <CsrfField token={csrf} />
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
