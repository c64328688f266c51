import { formatDateTime } from '../../src/format/numbers';
import type { InvoiceEvent } from '../../src/invoices/history';
import { statusLabel } from '../../src/invoices/statuses';
import { reasonLabel } from '../../src/responses/codes';
import { CsrfField } from '../components/form';

type Props = { invoiceId: number; history: InvoiceEvent[]; canWrite: boolean; listQuery: string; csrf: string; error?: string; note?: string };

/** Notes and status changes, oldest first, each with who and when; and the form to add a note. */
export function History({ invoiceId, history, canWrite, listQuery, csrf, error, note }: Props) {
  return (
    <section class="card" aria-label="History">
      <h2>History and notes</h2>
      {history.length === 0 ? <p class="muted">No changes yet.</p> : (
        <ol class="history">
          {history.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>{formatDateTime(e.at)}</time>{' '}
              <strong>{e.actorName ?? 'apdesk'}</strong>
              {describeEvent(e)}
              {e.reasonCode && `: ${reasonLabel(e.reasonCode)}`}
              {e.reason && e.action !== 'approval' && e.action !== 'coding' && <>{e.reasonCode ? ' — ' : ': '}<q>{e.reason}</q></>}
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <form method="post" action={`/invoices/${invoiceId}/notes`} class="no-print">
          <CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} />
          <div class={error ? 'field has-error' : 'field'}>
            <label for="note">Add a note</label>
            <textarea id="note" name="note" rows={3} maxlength={4000} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'note-error' : undefined}>{note ?? ''}</textarea>
            {error && <p id="note-error" class="error" role="alert">{error}</p>}
          </div>
          <button type="submit">Add note</button>
        </form>
      )}
    </section>
  );
}

function describeEvent(e: InvoiceEvent) {
  if (e.action === 'status') return ` ${statusLabel(e.fromStatus ?? '')} → ${statusLabel(e.toStatus ?? '')}`;
  if (e.action === 'export_result') return ` reported: ${statusLabel(e.toStatus ?? '')}`;
  if (e.action === 'paid') return ' confirmed a payment';
  if (e.action === 'approval') return ` ${e.reason ?? ''}`;
  if (e.action === 'coding') return ` ${e.reason ?? 'coded lines'}`;
  return ' added a note';
}
