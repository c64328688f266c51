import type { InvoiceListRow, InvoicePage } from '../../src/invoices/queries';
import type { UploadOutcome } from '../../src/invoices/uploads';
import { Flash, PageHeader } from '../components/form';
import { UploadForm, UploadResults } from './upload';

type Props = {
  csrf: string;
  flash: string | null;
  page: InvoicePage;
  firstPage: boolean;
  maxMegabytes: number;
  uploadError?: string;
  outcomes?: UploadOutcome[];
};

export function MyInvoicesPage({ csrf, flash, page, firstPage, maxMegabytes, uploadError, outcomes = [] }: Props) {
  return (
    <>
      <PageHeader title="My Invoices" />
      <Flash message={flash} />
      <script src="/assets/upload.js" defer></script>
      <UploadForm csrf={csrf} maxMegabytes={maxMegabytes} error={uploadError} />
      <div id="upload-results" aria-live="polite"><UploadResults outcomes={outcomes} /></div>
      <InvoiceList page={page} firstPage={firstPage} />
    </>
  );
}

/** The table with its paging link; htmx swaps it out-of-band after an upload. */
export function InvoiceList({ page, firstPage, oob }: { page: InvoicePage; firstPage: boolean; oob?: boolean }) {
  return (
    <div id="invoice-list" hx-swap-oob={oob ? 'true' : undefined}>
      {page.rows.length === 0 && firstPage ? (
        <div class="empty card">
          <p>No invoices yet.</p>
          <p class="muted">Connect your Pagero account with <strong>E-invoicing Login</strong> under your initials (top right), and the supplier invoices of your Pagero companies appear here.</p>
        </div>
      ) : (
        <InvoiceTable rows={page.rows} />
      )}
      <nav class="pager" aria-label="Pages">
        {!firstPage && <a href="/invoices">Newest</a>}
        {page.nextCursor && <a href={`/invoices?after=${encodeURIComponent(page.nextCursor)}`} rel="next">Older invoices</a>}
      </nav>
    </div>
  );
}

function InvoiceTable({ rows }: { rows: InvoiceListRow[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Invoice number</th><th scope="col">Supplier</th><th scope="col">Company</th><th scope="col">Issue date</th>
            <th scope="col">Due date</th><th scope="col">Total</th><th scope="col">Status</th><th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td><a href={`/invoices/${r.id}`}>{r.invoiceNumber}</a>{r.documentType === 'credit_note' && <small class="muted"> credit note</small>}</td>
              <td>{r.sellerName ?? '—'}</td>
              <td>{r.companyName ?? '—'}</td>
              <td>{r.issueDate}</td>
              <td>{r.dueDate ?? '—'}</td>
              <td class="amount">{r.total === null ? '—' : `${r.total} ${r.currency ?? ''}`.trim()}</td>
              <td>{STATUS_LABELS[r.status] ?? r.status}</td>
              <td><Flags row={r} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const STATUS_LABELS: Record<string, string> = { received: 'Received' };

function Flags({ row }: { row: InvoiceListRow }) {
  const flags = [
    row.duplicateOf !== null && 'Possible duplicate',
    row.warningCount > 0 && `${row.warningCount} warning${row.warningCount === 1 ? '' : 's'}`,
    row.attachmentCount > 0 && `${row.attachmentCount} attachment${row.attachmentCount === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return <>{flags.join(' · ') || ''}</>;
}
