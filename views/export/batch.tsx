import { batchFileName, FILE_KINDS } from '../../src/export/files';
import { BATCH_INVOICES_SHOWN, type BatchInvoiceRow, type BatchSummary } from '../../src/export/queries';
import { formatCount, formatDate, formatDateTime, formatMoney, signed } from '../../src/format/numbers';
import { statusLabel } from '../../src/invoices/statuses';
import { CsrfField, Flash, PageHeader } from '../components/form';
import { batchStatusLabel } from './batches';

const when = (d: Date) => formatDateTime(d);

const FILE_TEXT = { csv: 'one row per coded line part', json: 'the invoices as the API shows them', zip: 'originals and attachments' } as const;

export type BatchPageProps = {
  batch: BatchSummary;
  invoices: BatchInvoiceRow[];
  totals: { currency: string | null; payable: string; invoices: number; exported: number; failed: number }[];
  sftpReady: boolean;
  csrf: string;
  flash: string | null;
  errors?: { reason?: string; ids?: string };
  reason?: string;
};

export function ExportBatchPage({ batch: b, invoices, totals, sftpReady, csrf, flash, errors = {}, reason }: BatchPageProps) {
  const exported = totals.reduce((n, t) => n + t.exported, 0), failed = totals.reduce((n, t) => n + t.failed, 0);
  return (
    <>
      <PageHeader title={`Export batch ${b.id}`}><a href="/export-batches">All export batches</a></PageHeader>
      <Flash message={flash} />
      {b.status === 'failed' && b.deliveryError && <p class="form-error" role="alert">{`Delivery failed (attempt ${b.deliveryAttempts}): ${b.deliveryError}`}</p>}
      <section class="card" aria-label="Batch">
        <dl class="facts">
          <dt>Company</dt><dd>{b.companyName}</dd>
          <dt>Created</dt><dd>{`${when(b.createdAt)}, ${b.origin === 'schedule' ? 'by the schedule' : `by ${b.createdBy ?? 'a former user'}`}`}</dd>
          <dt>Invoices</dt><dd>{`${formatCount(b.invoiceCount)} (${formatCount(exported)} Exported${failed ? `, ${formatCount(failed)} Export failed` : ''})`}</dd>
          <dt>Amount due</dt><dd>{totals.map((t) => <span class="amount">{formatMoney(t.payable, t.currency)}</span>).reduce<unknown[]>((all, x, i) => (i ? [...all, ' · ', x] : [x]), [])}</dd>
          <dt>Status</dt><dd>{batchStatusLabel(b)}{b.deliveredAt && ` on ${when(b.deliveredAt)}`}{b.deliveredTo && ` to ${b.deliveredTo}`}{b.deliveredBy && ` (marked by ${b.deliveredBy})`}</dd>
          <dt>On delivery</dt><dd>{b.confirmation === 'erp' ? 'Invoices stay Approved until the ERP confirms each one (export result through the API).' : 'Invoices become Exported.'}</dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="files-h">
        <h2 id="files-h">Files</h2>
        <ul>
          {FILE_KINDS.map((kind) => (
            <li><a href={`/export-batches/${b.id}/files/${batchFileName(b.id, kind)}`} hx-boost="false" download>{batchFileName(b.id, kind)}</a>{` — ${FILE_TEXT[kind]}`}</li>
          ))}
        </ul>
        <div class="actions">
          {sftpReady && b.status !== 'delivering' && (
            <form method="post" action={`/export-batches/${b.id}/sftp-delivery`} class="inline">
              <CsrfField token={csrf} />
              <button type="submit" class={b.delivery === 'sftp' ? 'primary' : undefined}>{b.status === 'delivered' || b.status === 'failed' ? 'Send to the SFTP folder again' : 'Send to the SFTP folder'}</button>
            </form>
          )}
          {b.status !== 'delivered' && (
            <form method="post" action={`/export-batches/${b.id}/delivery`} class="inline">
              <CsrfField token={csrf} />
              <button type="submit">Mark as delivered</button>
            </form>
          )}
        </div>
        {b.status !== 'delivered' && <p class="muted">Downloaded the files and imported them into your ERP yourself? <em>Mark as delivered</em> records it{b.confirmation === 'on_delivery' ? ' and makes the invoices Exported' : ''}.</p>}
      </section>
      <form method="post" action="/export-batches" aria-labelledby="inv-h">
        <CsrfField token={csrf} />
        <h2 id="inv-h">{b.invoiceCount > invoices.length ? `Invoices (the first ${BATCH_INVOICES_SHOWN} of ${formatCount(b.invoiceCount)})` : 'Invoices'}</h2>
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead><tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Invoice</th><th scope="col" class="amount">Amount due</th><th scope="col">Status</th><th scope="col">Supplier</th><th scope="col">Issue date</th><th scope="col">ERP</th><th scope="col">Exported again because</th></tr></thead>
            <tbody>
              {invoices.map((i) => (
                <tr>
                  <td><input type="checkbox" name="ids" value={String(i.id)} id={`sel-${i.id}`} aria-label={`Select ${i.invoiceNumber}`} /></td>
                  <td><a href={`/invoices/${i.id}`}>{i.invoiceNumber}</a></td>
                  <td class="amount">{formatMoney(i.payable === null ? null : signed(i.payable, i.documentType), i.currency)}</td>
                  <td>{statusLabel(i.status)}</td>
                  <td>{i.supplier ?? '—'}</td>
                  <td>{formatDate(i.issueDate)}</td>
                  <td>{i.erpDocumentId ?? (i.status === 'export_failed' ? (i.erpMessage ?? '') : '')}</td>
                  <td class="wrap">{i.reexportReason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="card">
          <div class={errors.reason ? 'field has-error' : 'field'}>
            <label for="reexport-reason">Export the selected invoices again, because…</label>
            <input id="reexport-reason" type="text" name="reason" maxlength={1000} value={reason ?? ''} required
              aria-invalid={errors.reason ? 'true' : undefined} aria-describedby={errors.reason ? 'reexport-reason-error' : undefined} />
            {errors.reason && <p id="reexport-reason-error" class="error" role="alert">{errors.reason}</p>}
          </div>
          {errors.ids && <p class="error" role="alert">{errors.ids}</p>}
          <input type="hidden" name="from_batch" value={String(b.id)} />
          <button type="submit">Export again</button>
          <p class="muted">A new batch holds them, with your reason; this one stays as it was.</p>
        </div>
      </form>
    </>
  );
}
