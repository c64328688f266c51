import type { Child } from 'hono/jsx';
import type { InvoiceEvent } from '../../src/invoices/history';
import type { LockHolder } from '../../src/invoices/lock';
import type { AttachmentView, InvoiceDetail, LineView, TaxView } from '../../src/invoices/queries';
import type { Action } from '../../src/invoices/transitions';
import { Flash, PageHeader } from '../components/form';
import { History } from './history';
import { InvoiceFacts, Lines, Party, TaxAndTotals } from './invoice-data';
import { InvoicePaper } from './invoice-paper';
import { InvoiceStyles } from './styles';
import { WorkflowPanel } from './workflow-panel';
import type { ResponseView } from '../../src/responses/page-data';
import { ResponsesPanel } from '../responses/panel';
import { ErpPanel } from '../erp/panel';

export type InvoicePageProps = {
  invoice: InvoiceDetail;
  lines: LineView[];
  taxes: TaxView[];
  attachments: AttachmentView[];
  history: InvoiceEvent[];
  lock: LockHolder | null;
  neighbours: { previous: number | null; next: number | null };
  creditedId: number | null;
  userId: number;
  actions: Action[];
  listQuery: string;
  csrf: string;
  flash: string | null;
  problem?: string;
  errors?: { reason?: string; reason_code?: string; action_code?: string; note?: string };
  values?: { reason?: string; action?: string; reason_code?: string; action_code?: string; note?: string };
  /** Peppol Invoice Responses to the supplier (src/responses). */
  responses?: ResponseView[];
  /** Whether this user may send again or cancel them (the AP team). */
  canActOnResponses?: boolean;
  /** The approval chain (src/approvals, views/approvals/chain-panel.tsx). */
  approval?: Child;
  /** EN 16931 validation panel (views/validation/panel.tsx); optional, so this page renders without it. */
  validation?: Child;
  /** Line coding (src/coding/) plugs in here; optional, so this page renders without it. */
  coding?: Child;
};

export function InvoicePage(props: InvoicePageProps) {
  const { invoice: inv, attachments, listQuery: q, neighbours } = props;
  const withList = (path: string) => `${path}${q ? `?${q}` : ''}`;
  const pdf = attachments.find((a) => a.mimeType === 'application/pdf');
  const others = attachments.filter((a) => a !== pdf);
  const lockedByOther = props.lock !== null && props.lock.userId !== props.userId;
  return (
    <>
      <InvoiceStyles />
      <PageHeader title={`${inv.documentType === 'credit_note' ? 'Credit note' : 'Invoice'} ${inv.invoiceNumber}`}>
        <nav class="neighbours no-print" aria-label="Invoices in your list">
          {neighbours.previous ? <a href={withList(`/invoices/${neighbours.previous}`)} rel="prev">← Previous</a> : <span class="muted">← Previous</span>}
          <a href={withList(new URLSearchParams(q).get('list') === 'complete' ? '/invoices/complete' : '/invoices')}>Back to the list</a>
          {neighbours.next ? <a href={withList(`/invoices/${neighbours.next}`)} rel="next">Next →</a> : <span class="muted">Next →</span>}
        </nav>
      </PageHeader>
      <Flash message={props.flash} />
      {props.problem && <p class="form-error" role="alert">{props.problem}</p>}
      {inv.duplicateOf !== null && (
        <p class="form-error" role="status">
          {'Possible duplicate of '}<a href={`/invoices/${inv.duplicateOf}`}>{`invoice ${inv.duplicateOfNumber ?? inv.duplicateOf}`}</a>
          {': same supplier VAT id, number, issue date and amount due.'}
        </p>
      )}
      <div class="invoice-layout">
        <div>
          <ErpPanel invoice={inv} canExportAgain={props.actions.includes('export_again')} locked={lockedByOther} listQuery={q} csrf={props.csrf} />
          <WorkflowPanel invoice={inv} actions={props.actions.filter((a) => a !== 'export_again')} lock={props.lock} userId={props.userId} listQuery={q} csrf={props.csrf} errors={props.errors} values={props.values} />
          {props.approval}
          {props.validation}
          <ResponsesPanel invoiceId={inv.id} responses={props.responses ?? []} canAct={props.canActOnResponses ?? false} csrf={props.csrf} listQuery={q} />
          <InvoiceFacts invoice={inv} creditedId={props.creditedId} />
          <div class="parties"><Party title="Supplier" party={inv.seller} /><Party title="Buyer" party={inv.buyer} /></div>
          {inv.warnings.length > 0 && (
            <section class="card" aria-label="Reader warnings"><h2>Warnings</h2><ul>{inv.warnings.map((w) => <li>{w}</li>)}</ul></section>
          )}
          <h2>Lines</h2>
          <Lines lines={props.lines} currency={inv.currency} />
          <TaxAndTotals invoice={inv} taxes={props.taxes} />
          {/* ▼ LINE CODING SLOT: the coding engineer's component renders here (props.coding). */}
          {props.coding && <section id="line-coding" aria-label="Line coding">{props.coding}</section>}
          {!props.coding && <section id="line-coding" aria-label="Line coding" hx-get={`/invoices/${inv.id}/coding/section`} hx-trigger="load"><a href={`/invoices/${inv.id}/coding`}>Code the lines and match them to the order</a></section>}
          {others.length > 0 && (
            <section class="card">
              <h2>Attachments</h2>
              <ul>{others.map((a) => <li><a href={`/invoices/${inv.id}/attachments/${a.id}`} hx-boost="false">{a.filename ?? `attachment ${a.id}`}</a>{` (${a.mimeType ?? 'unknown type'}, ${a.sizeBytes} bytes)`}</li>)}</ul>
            </section>
          )}
          <History invoiceId={inv.id} history={props.history} canWrite={!lockedByOther} listQuery={q} csrf={props.csrf} error={props.errors?.note} note={props.values?.note} />
        </div>
        <div class="print-area">
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
    </>
  );
}
