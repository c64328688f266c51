import type { OrderState } from '../../src/coding/order-state';
import type { LockHolder } from '../../src/invoices/lock';
import type { InvoiceDetail } from '../../src/invoices/queries';
import { statusLabel } from '../../src/invoices/statuses';
import { CsrfField } from '../components/form';
import { actionLabel, reasonLabel } from '../../src/responses/codes';
import { formatDateTime } from '../../src/format/numbers';

type Props = { invoice: InvoiceDetail; lock: LockHolder | null; userId: number; listQuery: string; csrf: string };


/** Why the invoice has its status (hold and reject reasons) and who is editing it; nothing when there is nothing to say. */
export function WorkflowPanel({ invoice: inv, lock, userId, listQuery, csrf }: Props) {
  const lockedByOther = lock !== null && lock.userId !== userId;
  const explained = inv.statusReasonCode || inv.statusReason || (inv.status === 'on_hold' && inv.heldFrom);
  if (!explained && !lock) return null;
  return (
    <section class="card workflow no-print" aria-label="Status">
      {explained && (
        <p>
          <span class={`status status-${inv.status}`}>{statusLabel(inv.status)}</span>
          {inv.status === 'on_hold' && inv.heldFrom && <span class="muted">{` (resumes to ${statusLabel(inv.heldFrom)})`}</span>}
          {inv.statusReasonCode && <>{' — '}<strong>{reasonLabel(inv.statusReasonCode)}</strong></>}
          {inv.statusReason && <>{' — '}<q>{inv.statusReason}</q></>}
          {inv.statusActionCode && <span class="muted">{` (asked of the supplier: ${actionLabel(inv.statusActionCode)})`}</span>}
        </p>
      )}
      {lockedByOther ? (
        <p class="lock-note" role="status">{`${lock.name} is editing this invoice since ${formatDateTime(lock.lockedAt)}. You can change it when they are done, or after 15 minutes without activity.`}</p>
      ) : lock ? (
        <form method="post" action={`/invoices/${inv.id}/lock/release`} class="lock-note">
          <CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} />
          {`You are editing this invoice (since ${formatDateTime(lock.lockedAt)}). `}<button type="submit" class="link">Done editing</button>
        </form>
      ) : null}
    </section>
  );
}

/** Mark ready was asked for while lines are not matched to the order: the question, answered by posting again with confirm=yes. */
export function ConfirmReady({ order, invoiceId, listQuery, csrf, hasNext }: { order: OrderState; invoiceId: number; listQuery: string; csrf: string; hasNext: boolean }) {
  const hidden = <><CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} /></>;
  const lines = `${order.unmatched} of ${order.lines} line${order.lines === 1 ? '' : 's'}`;
  return (
    <form method="post" action={`/invoices/${invoiceId}/status-changes`} class="card confirm" role="alertdialog" aria-labelledby="confirm-ready-title">
      {hidden}<input type="hidden" name="action" value="mark_ready" /><input type="hidden" name="confirm" value="yes" />
      <h2 id="confirm-ready-title">Mark ready with unmatched lines?</h2>
      <p>
        {order.purchaseOrderId === null
          ? `The invoice names PO ${order.reference}, which is not in apdesk, so ${lines} could not be matched.`
          : `${lines} are not matched to PO ${order.reference}.`}
        {' Marking it ready anyway is recorded in the history.'}
      </p>
      <div class="buttons">
        <button type="submit" class="primary" autofocus>Mark ready anyway</button>
        {hasNext && <button type="submit" name="then" value="next">Mark ready anyway &amp; next</button>}
        <a class="button" href={`/invoices/${invoiceId}${listQuery ? `?${listQuery}` : ''}`}>Keep it in review</a>
      </div>
    </form>
  );
}
