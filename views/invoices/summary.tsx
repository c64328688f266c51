import { dueState, dueText } from '../../src/invoices/due';
import type { InvoiceDetail } from '../../src/invoices/queries';
import { statusLabel } from '../../src/invoices/statuses';
import type { OrderState } from '../../src/coding/order-state';
import { formatDate, signed } from '../../src/format/numbers';
import { Money } from './money';

/** What is due; a credit note counts against the payables, so it is negative, as in the list. */
export function amountDueOf(inv: InvoiceDetail): string | null {
  const due = inv.totals.payable ?? inv.totals.taxInclusive;
  return due === null ? null : signed(due, inv.documentType);
}

type Props = { invoice: InvoiceDetail; order: OrderState; today: string; children?: unknown };

/**
 * The invoice at a glance, kept in view while scrolling (sticky): who, how much, by when, which
 * order, where it stands, and the actions (children) with the next one first.
 */
export function InvoiceSummary({ invoice: inv, order, today, children }: Props) {
  const due = inv.documentType === 'credit_note' ? ({ kind: 'none' } as const) : dueState(inv.dueDate, inv.status, today);
  const dueWords = dueText(due);
  const amountDue = amountDueOf(inv);
  return (
    <section class="invoice-summary no-print" id="invoice-summary" aria-label="Summary">
      <dl class="summary-facts">
        <div class="supplier"><dt>Supplier</dt><dd>{inv.seller.name ?? inv.seller.tradingName ?? '—'}{inv.seller.vatId && <small class="muted">{` ${inv.seller.vatId}`}</small>}</dd></div>
        <div class="amount-due"><dt>{inv.documentType === 'credit_note' ? 'Credit' : 'Amount due'}</dt><dd class="big-amount" data-amount-due><Money value={amountDue} currency={inv.currency} /></dd></div>
        <div>
          <dt>Due date</dt>
          <dd>
            <span class="nowrap">{formatDate(inv.dueDate)}</span>
            {dueWords && <>{' '}<span class={due.kind === 'overdue' ? 'badge overdue' : 'badge'}>{dueWords}</span></>}
          </dd>
        </div>
        <div>
          <dt>PO</dt>
          <dd>
            {order.reference === null ? (inv.orderReference ?? '—') : order.purchaseOrderId !== null
              ? <a href={`/purchase-orders/${order.purchaseOrderId}`}>{order.reference}</a>
              : <>{order.reference}{' '}<span class="badge warn">not in apdesk</span></>}
          </dd>
        </div>
        <div><dt>Status</dt><dd><span class={`status status-${inv.status}`} id="invoice-status">{statusLabel(inv.status)}</span></dd></div>
      </dl>
      {children}
    </section>
  );
}
