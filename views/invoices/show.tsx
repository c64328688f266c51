import type { Child } from 'hono/jsx';
import type { OrderState } from '../../src/coding/order-state';
import type { InvoiceEvent } from '../../src/invoices/history';
import type { LockHolder } from '../../src/invoices/lock';
import type { AttachmentView, InvoiceDetail, LineView, TaxView } from '../../src/invoices/queries';
import type { Action } from '../../src/invoices/transitions';
import { Flash } from '../components/form';
import { ActionBar } from './actions';
import { History } from './history';
import { InvoiceFacts, Lines, Party, TaxAndTotals } from './invoice-data';
import { InvoicePaper } from './invoice-paper';
import { KeyboardHelp } from './keys';
import { Money, moneyText } from './money';
import { InvoiceStyles } from './styles';
import { amountDueOf, InvoiceSummary } from './summary';
import { ConfirmReady, WorkflowPanel } from './workflow-panel';
import type { ResponseView } from '../../src/responses/page-data';
import { ResponsesPanel } from '../responses/panel';
import { ErpPanel } from '../erp/panel';
import { todayOf } from '../../src/format/numbers';

export type InvoicePageProps = {
  invoice: InvoiceDetail;
  lines: LineView[];
  taxes: TaxView[];
  attachments: AttachmentView[];
  history: InvoiceEvent[];
  lock: LockHolder | null;
  /** backAfter: the list page that starts at this invoice (keyset cursor), for Back to the list. */
  neighbours: { previous: number | null; next: number | null; backAfter?: string | null };
  creditedId: number | null;
  userId: number;
  /** May take the editing lock and add notes (the AP team; Financial Accounting reads only). */
  canEdit?: boolean;
  actions: Action[];
  listQuery: string;
  csrf: string;
  flash: string | null;
  problem?: string;
  errors?: { reason?: string; reason_code?: string; action_code?: string; note?: string };
  values?: { reason?: string; action?: string; reason_code?: string; action_code?: string; note?: string };
  /** The order the invoice names and how its lines match it (src/coding/order-state.ts). */
  order?: OrderState;
  /** Today's date (YYYY-MM-DD) for "overdue 45 days". */
  today?: string;
  /** Mark ready was asked for with unmatched lines: ask to confirm. */
  confirmReady?: OrderState;
  /** Peppol Invoice Responses to the supplier (src/responses). */
  responses?: ResponseView[];
  /** Whether this user may send again or cancel them (the AP team). */
  canActOnResponses?: boolean;
  /** EN 16931 validation panel (views/validation/panel.tsx); optional, so this page renders without it. */
  validation?: Child;
  /** The approval chain (src/approvals, views/approvals/chain-panel.tsx). */
  approval?: Child;
  /** The export batches the invoice was in (views/export/invoice-batches.tsx), for those who may open batches. */
  exports?: Child;
  /** Open the hold/reject drop-down (a reason was pre-filled from a link). */
  openDecide?: boolean;
  /** Line coding (src/coding/) plugs in here; optional, so this page renders without it. */
  coding?: Child;
};

/** The list the invoice was opened from, at the page that starts with it (where the clerk is in it). */
const backToList = (q: string, after: string | null) => {
  const path = new URLSearchParams(q).get('list') === 'complete' ? '/invoices/complete' : '/invoices';
  const query = [q, after && `after=${after}`].filter(Boolean).join('&');
  return `${path}${query ? `?${query}` : ''}`;
};

const NO_ORDER: OrderState = { reference: null, purchaseOrderId: null, lines: 0, unmatched: 0 };

/** "Invoice 763/2026 · Supplier · 1,450.27 EUR": the page title and the browser tab. */
export function invoiceTitle(inv: InvoiceDetail) {
  const kind = inv.documentType === 'credit_note' ? 'Credit note' : 'Invoice';
  const supplier = inv.seller.name ?? inv.seller.tradingName;
  const amount = amountDueOf(inv);
  return [`${kind} ${inv.invoiceNumber}`, supplier, amount !== null && moneyText(amount, inv.currency)].filter(Boolean).join(' · ');
}

/*
 * The page in slots, top to bottom (on a phone too, so the summary and actions come first):
 *   SUMMARY  sticky: supplier, amount due, due date, PO, status, and the actions (next step first)
 *   ALERTS   flash, problems, confirmations and one-line banners (duplicate, PO not in apdesk, …)
 *   PANELS   cards other features add (status and hold/reject, responses to the supplier, …): a grid
 *   TABS     "Invoice data" (facts, parties, lines, totals, coding, attachments) | "Document" (PDF or
 *            the e-invoice laid out); side by side on wide screens
 *   HISTORY
 * A new panel goes into PANELS (or ALERTS for a one-line banner) as its own component.
 */
export function InvoicePage(props: InvoicePageProps) {
  const { invoice: inv, attachments, listQuery: q, neighbours } = props;
  const order = props.order ?? NO_ORDER;
  const withList = (path: string) => `${path}${q ? `?${q}` : ''}`;
  const pdf = attachments.find((a) => a.mimeType === 'application/pdf');
  const others = attachments.filter((a) => a !== pdf);
  const lockedByOther = props.lock !== null && props.lock.userId !== props.userId;
  const kind = inv.documentType === 'credit_note' ? 'Credit note' : 'Invoice';
  const supplier = inv.seller.name ?? inv.seller.tradingName;
  return (
    <div class="invoice-page">
      <InvoiceStyles />
      <div class="page-header invoice-header">
        <h1>
          {`${kind} ${inv.invoiceNumber}`}
          <span class="title-rest">{supplier && ` · ${supplier}`}{' · '}<Money value={amountDueOf(inv)} currency={inv.currency} /></span>
        </h1>
        <nav class="neighbours no-print" aria-label="Invoices in your list">
          {neighbours.previous ? <a href={withList(`/invoices/${neighbours.previous}`)} rel="prev" data-key="k">← Previous</a> : <span class="muted">← Previous</span>}
          <a href={backToList(q, neighbours.backAfter ?? null)}>Back to the list</a>
          {neighbours.next ? <a href={withList(`/invoices/${neighbours.next}`)} rel="next" data-key="j">Next →</a> : <span class="muted">Next →</span>}
        </nav>
      </div>

      {/* ▼ SUMMARY */}
      <InvoiceSummary invoice={inv} order={order} today={props.today ?? todayOf()}>
        <ActionBar invoiceId={inv.id} invoiceNumber={inv.invoiceNumber} actions={props.actions.filter((a) => a !== 'export_again')} listQuery={q} csrf={props.csrf} hasNext={neighbours.next !== null}
          lock={props.lock} userId={props.userId} canEdit={props.canEdit !== false} errors={props.errors} values={props.values} open={props.openDecide} />
      </InvoiceSummary>

      {/* ▼ ALERTS */}
      <div class="invoice-alerts" id="invoice-alerts">
        <Flash message={props.flash} />
        {props.problem && <p class="form-error" role="alert">{props.problem}</p>}
        {props.confirmReady && <ConfirmReady order={props.confirmReady} invoiceId={inv.id} listQuery={q} csrf={props.csrf} hasNext={neighbours.next !== null} />}
        {inv.duplicateOf !== null ? (
          <p class="form-error" role="status">
            {'Possible duplicate of '}<a href={`/invoices/${inv.duplicateOf}`}>{`invoice ${inv.duplicateOfNumber ?? inv.duplicateOf}`}</a>
            {': same supplier VAT id, number, issue date and amount due.'}
          </p>
        ) : inv.possibleDuplicate && (
          <p class="form-error" role="status">
            {'Possible duplicate of an invoice you cannot see (it is in a document group you are not assigned to): same supplier VAT id, number, issue date and amount due. Ask an AP admin before paying it.'}
          </p>
        )}
        {order.reference !== null && order.purchaseOrderId === null && (
          <p class="banner warn" role="status">{`PO ${order.reference} is not in apdesk, so the lines cannot be matched to it. Import the order (Purchase orders) and use “Match again”, or mark the invoice ready without a match.`}</p>
        )}
      </div>

      {/* ▼ PANELS */}
      <div class="invoice-panels">
        <ErpPanel invoice={inv} canExportAgain={props.actions.includes('export_again')} locked={lockedByOther} listQuery={q} csrf={props.csrf} />
        {props.exports}
        <WorkflowPanel invoice={inv} lock={props.lock} userId={props.userId} listQuery={q} csrf={props.csrf} />
        {props.approval}
        {props.validation}
        <ResponsesPanel invoiceId={inv.id} responses={props.responses ?? []} canAct={props.canActOnResponses ?? false} csrf={props.csrf} listQuery={q} />
      </div>

      {/* ▼ TABS: data | document. Radio buttons and CSS, so they work without JavaScript. */}
      <div class="invoice-tabs">
        <input type="radio" name="invoice-tab" id="tab-data" class="tab-radio" checked />
        <label for="tab-data" class="tab no-print">Invoice data</label>
        <input type="radio" name="invoice-tab" id="tab-document" class="tab-radio" />
        <label for="tab-document" class="tab no-print">{pdf ? 'Document (PDF)' : 'Document'}</label>
        <div class="tab-panels">
          <div class="tab-panel panel-data">
            <div class="data-top">
              <InvoiceFacts invoice={inv} creditedId={props.creditedId} />
              <div class="parties-col"><Party title="Supplier" party={inv.seller} /><Party title="Buyer" party={inv.buyer} /></div>
            </div>
            {inv.warnings.length > 0 && (
              <section class="card" aria-label="Reader warnings"><h2>Warnings</h2><ul>{inv.warnings.map((w) => <li>{w}</li>)}</ul></section>
            )}
            <h2>Lines</h2>
            <Lines lines={props.lines} currency={inv.currency} />
            <TaxAndTotals invoice={inv} taxes={props.taxes} />
            {/* ▼ LINE CODING SLOT: src/coding renders its section here (props.coding), forms and all. */}
            {props.coding && <section id="line-coding" aria-label="Line coding">{props.coding}</section>}
            {!props.coding && <section id="line-coding" aria-label="Line coding" hx-get={`/invoices/${inv.id}/coding/section`} hx-trigger="load"><a href={`/invoices/${inv.id}/coding`}>Code the lines and match them to the order</a></section>}
            {others.length > 0 && (
              <section class="card">
                <h2>Attachments</h2>
                <ul>{others.map((a) => <li><a href={`/invoices/${inv.id}/attachments/${a.id}`} hx-boost="false">{a.filename ?? `attachment ${a.id}`}</a>{` (${a.mimeType ?? 'unknown type'}, ${a.sizeBytes} bytes)`}</li>)}</ul>
              </section>
            )}
          </div>
          <div class="tab-panel panel-document print-area">
            {pdf ? (
              <>
                <iframe class="pdf-view" src={`/invoices/${inv.id}/attachments/${pdf.id}?inline=1`} title={`PDF of invoice ${inv.invoiceNumber}`}></iframe>
                <p class="no-print"><a href={`/invoices/${inv.id}/attachments/${pdf.id}`} hx-boost="false">{`Download ${pdf.filename ?? 'the PDF'}`}</a></p>
              </>
            ) : (
              <InvoicePaper invoice={inv} lines={props.lines} taxes={props.taxes} />
            )}
          </div>
        </div>
      </div>

      {/* ▼ HISTORY */}
      <History invoiceId={inv.id} history={props.history} canWrite={!lockedByOther && props.canEdit !== false} listQuery={q} csrf={props.csrf} error={props.errors?.note} note={props.values?.note} />
      <KeyboardHelp />
    </div>
  );
}
