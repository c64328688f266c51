import { actionLabel, reasonLabel, responseLabel } from '../../src/responses/codes';
import { canCancel, canSendAgain, type ResponseView } from '../../src/responses/page-data';
import { CsrfField } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';


/** What went wrong, and when apdesk tries again (in the reader's time zone). */
export const problemText = (r: { state: string; problem: string | null; nextAttemptAt: Date | null }) =>
  r.problem && r.nextAttemptAt && (r.state === 'retrying' || r.state === 'processing') ? `${r.problem} Trying again at ${formatDateTime(r.nextAttemptAt)}.` : r.problem;

/** Pagero's delivery state in words. */
export function deliveryState(r: ResponseView): string {
  if (r.requestedAction === 'restart') return 'Sending again: asking Pagero to restart it.';
  if (r.requestedAction === 'cancel') return 'Cancelling at Pagero.';
  switch (r.state) {
    case 'queued': return 'Waiting to be sent.';
    case 'sending': return 'Being uploaded to Pagero.';
    case 'processing': return problemText(r) ?? `Sent to Pagero${r.sentAt ? ` ${formatDateTime(r.sentAt)}` : ''}; Pagero is processing it.`;
    case 'delivered': return `Delivered by Pagero${r.sentAt ? ` (sent ${formatDateTime(r.sentAt)})` : ''}.`;
    case 'cancelled': return 'Cancelled: not sent.';
    default: return problemText(r) ?? r.state;
  }
}

const TROUBLE = new Set(['needs_action', 'failed', 'not_sent', 'waiting_connection', 'retrying']);

type Props = { invoiceId: number; responses: ResponseView[]; canAct: boolean; csrf: string; listQuery: string };

/** The supplier's answers through Pagero: what was said, by whom, and whether it arrived. */
export function ResponsesPanel({ invoiceId, responses, canAct, csrf, listQuery }: Props) {
  if (responses.length === 0) return null;
  const hidden = <><CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} /></>;
  return (
    <section class="card responses no-print" aria-labelledby="responses-title">
      <h2 id="responses-title">Responses to the supplier</h2>
      <ul role="list" class="plain">
        {responses.map((r) => (
          <li class={`response response-${r.state}`} data-response-id={r.id}>
            <p>
              <strong>{`${responseLabel(r.responseCode)} (${r.responseCode})`}</strong>
              {r.reasonCode && <>{' — '}{reasonLabel(r.reasonCode)}</>}
              {r.reasonText && <>{': '}<q>{r.reasonText}</q></>}
              {r.actionCode && <>{'. Asked of the supplier: '}{actionLabel(r.actionCode)}</>}
            </p>
            <p class="muted">{`${r.decidedByName ? `By ${r.decidedByName}` : 'By apdesk'}, ${formatDateTime(r.decidedAt)}${r.sentByName ? ` · sent through ${r.sentByName}’s Pagero connection` : ''}`}</p>
            <p class={TROUBLE.has(r.state) ? 'response-problem' : 'response-state'} role={r.state === 'needs_action' || r.state === 'failed' ? 'alert' : undefined}>{deliveryState(r)}</p>
            {canAct && (canSendAgain(r) || canCancel(r)) && (
              <div class="response-actions">
                {canSendAgain(r) && (
                  <form method="post" action={`/invoices/${invoiceId}/responses/${r.id}/send-again`} class="inline">{hidden}<button type="submit">Send again</button></form>
                )}
                {canCancel(r) && (
                  <form method="post" action={`/invoices/${invoiceId}/responses/${r.id}/cancel`} class="inline">{hidden}<button type="submit" class="danger">Cancel</button></form>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
