import type { InvoiceDetail } from '../../src/invoices/queries';
import { CsrfField } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';

type Props = { invoice: InvoiceDetail; canExportAgain: boolean; locked: boolean; listQuery: string; csrf: string };


/** What the ERP said: its document id once booked, or its message under "From your ERP" when it refused the invoice. */
export function ErpPanel({ invoice: inv, canExportAgain, locked, listQuery, csrf }: Props) {
  if (inv.status === 'export_failed') {
    return (
      <section class="card erp-banner" role="alert" aria-label="From your ERP">
        <h2>From your ERP</h2>
        <p class="erp-message">{inv.erpMessage ?? 'The ERP refused the invoice without a message.'}</p>
        <p class="muted">
          {inv.exportFailedAt ? `Reported ${formatDateTime(inv.exportFailedAt)}. ` : ''}
          When the fix is in the ERP (its master data), export it again: it goes back to Approved and the ERP picks it up anew. When the coding must change, an AP Manager revokes the approval: it goes back to review and approval.
        </p>
        {canExportAgain && !locked && (
          <form method="post" action={`/invoices/${inv.id}/status-changes`} class="no-print">
            <CsrfField token={csrf} />
            <input type="hidden" name="list_query" value={listQuery} />
            <input type="hidden" name="action" value="export_again" />
            <button type="submit" class="primary">Export again</button>
          </form>
        )}
      </section>
    );
  }
  if (!inv.erpDocumentId) return null;
  return (
    <section class="card erp-booked" aria-label="In your ERP">
      <p>
        ERP document id <strong class="erp-document-id">{inv.erpDocumentId}</strong>
        {inv.exportedAt && <span class="muted">{` — booked ${formatDateTime(inv.exportedAt)}`}</span>}
      </p>
    </section>
  );
}
