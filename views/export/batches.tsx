import type { CreateOutcome } from '../../src/export/batches';
import type { BatchSummary } from '../../src/export/queries';
import { formatCount, formatDateTime } from '../../src/format/numbers';
import { Flash, PageHeader } from '../components/form';

const when = (d: Date) => formatDateTime(d);

export function batchStatusLabel(b: Pick<BatchSummary, 'status' | 'delivery' | 'confirmation'>) {
  if (b.status === 'delivered') return b.confirmation === 'erp' ? 'Delivered, waiting for the ERP' : 'Delivered';
  if (b.status === 'delivering') return 'Sending…';
  if (b.status === 'failed') return 'Delivery failed';
  return b.delivery === 'sftp' ? 'Waiting to send' : 'Ready to download';
}

export type BatchesPageProps = { rows: BatchSummary[]; next: number | null; flash: string | null; outcome?: CreateOutcome; problem?: string; canConfigure: boolean };

export function ExportBatchesPage({ rows, next, flash, outcome, problem, canConfigure }: BatchesPageProps) {
  return (
    <>
      <PageHeader title="Export batches">{canConfigure && <a href="/settings/export">Export settings</a>}</PageHeader>
      <Flash message={flash} />
      {problem && <p class="form-error" role="alert">{problem}</p>}
      {outcome && <CreateResult {...outcome} />}
      <p class="muted">Approved invoices leave apdesk in batches: a CSV, a JSON file and a ZIP of the originals. Choose <strong>Export</strong> on selected rows of <a href="/invoices?status=approved">My Invoices</a>, or let a company's schedule make them.</p>
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead><tr><th scope="col">Batch</th><th scope="col" class="amount">Invoices</th><th scope="col">Status</th><th scope="col">Company</th><th scope="col">Created</th><th scope="col">Delivery</th></tr></thead>
          <tbody>
            {rows.length === 0 && <tr><td colspan={6}>No export batches yet.</td></tr>}
            {rows.map((b) => (
              <tr>
                <td><a href={`/export-batches/${b.id}`}>{`Batch ${b.id}`}</a></td>
                <td class="amount">{formatCount(b.invoiceCount)}</td>
                <td>{batchStatusLabel(b)}</td>
                <td>{b.companyName}</td>
                <td>{`${when(b.createdAt)} · ${b.origin === 'schedule' ? 'scheduled' : (b.createdBy ?? 'a former user')}`}</td>
                <td>{b.delivery === 'sftp' ? 'SFTP' : 'Download'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {next && <nav class="pager" aria-label="Pages"><a href={`/export-batches?before=${next}`} rel="next">Older batches</a></nav>}
    </>
  );
}

/** What an Export did: the batches made, and each invoice left out with the reason. */
export function CreateResult({ batches, skipped }: CreateOutcome) {
  return (
    <section class="card" aria-label="Export result" role="status">
      {batches.length === 0 ? <p><strong>Nothing was exported.</strong></p> : (
        <ul>{batches.map((b) => <li><a href={`/export-batches/${b.id}`}>{`Batch ${b.id}`}</a>{`: ${b.invoiceCount} invoice${b.invoiceCount === 1 ? '' : 's'} of ${b.companyName}`}</li>)}</ul>
      )}
      {skipped.length > 0 && (
        <>
          <p>{`${skipped.length} invoice${skipped.length === 1 ? ' was' : 's were'} left out:`}</p>
          <ul>{skipped.map((s) => <li>{s.invoiceNumber ? <a href={`/invoices/${s.id}`}>{s.invoiceNumber}</a> : `#${s.id}`}{` — ${s.why}`}</li>)}</ul>
        </>
      )}
    </section>
  );
}
