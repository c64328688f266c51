import type { UploadOutcome } from '../../src/invoices/uploads';
import { CsrfField } from '../components/form';

/**
 * A plain multipart form first; with htmx it posts in place and swaps in the results, and
 * /assets/upload.js turns the box into a drop zone (files dropped on it are submitted).
 */
export function UploadForm({ csrf, maxMegabytes, error }: { csrf: string; maxMegabytes: number; error?: string }) {
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
      <button type="submit" class="primary">Upload</button>
    </form>
  );
}

export function UploadResults({ outcomes }: { outcomes: UploadOutcome[] }) {
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
                {o.invoices.map((inv, i) => (
                  <>
                    {i > 0 && ', '}
                    {inv.visible ? <a href={`/invoices/${inv.id}`}>{`invoice ${inv.invoiceNumber}`}</a> : `invoice ${inv.invoiceNumber} (in a document group you are not assigned to)`}
                    {inv.duplicateOf !== null && (
                      <>{' ('}<a href={`/invoices/${inv.duplicateOf}`}>possible duplicate</a>{')'}</>
                    )}
                  </>
                ))}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
