import { FIELDS, type Field } from '../../src/coding/codes';
import type { OrderState } from '../../src/coding/order-state';
import type { CodeOptions, CodingInvoice, CodingLine } from '../../src/coding/page-data';
import { CsrfField, type FieldErrors } from '../components/form';
import { CodeDatalists, CodeInput } from './code-input';
import { LineCoding } from './line';
import { SplitForm, type SplitValues } from './split';

export type CodingPageProps = {
  invoice: CodingInvoice; lines: CodingLine[]; options: CodeOptions; csrf: string; canEdit: boolean; canEditRules: boolean; flash?: string | null;
  header?: { values: Partial<Record<Field, string>>; errors: FieldErrors };
  split?: { lineId: number; values?: SplitValues; errors?: FieldErrors };
  lineErrors?: { lineId: number; values: Partial<Record<Field, string>>; errors: FieldErrors };
  /** The list context of the invoice page (its query string) and whether that list has a next invoice. */
  listQuery?: string;
  hasNext?: boolean;
  order?: OrderState;
};

export const StatusBadge = ({ status, oob }: { status: string; oob?: boolean }) => (
  <strong id="coding-status" hx-swap-oob={oob ? 'true' : undefined}>{STATUS[status] ?? status}</strong>
);
const STATUS: Record<string, string> = { received: 'Received', in_review: 'In review', ready: 'Ready', approved: 'Approved', exported: 'Exported', on_hold: 'On hold' };

/** The coding and matching of an invoice, in its slot on the invoice page: every form posts in place and comes back to the page. */
/**
 * htmx for the section's whole-invoice forms: the answer (the invoice page the redirect leads to) replaces just the coding
 * section, and the flash and summary (a status apdesk changed, its actions) beside it. Without JavaScript: a plain post.
 */
const inPlace = (action: string) => ({
  'hx-post': action, 'hx-target': '#line-coding', 'hx-select': '#line-coding', 'hx-swap': 'outerHTML', 'hx-select-oob': '#invoice-alerts,#invoice-summary',
});

export function CodingSection({ invoice: inv, lines, options, csrf, canEdit, canEditRules, header, split, lineErrors, listQuery = '', hasNext = false, order }: CodingPageProps) {
  const hidden = <><CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} /></>;
  const poMissing = order !== undefined && order.reference !== null && order.purchaseOrderId === null;
  return (
    <section aria-labelledby="coding-title" class="coding">
      <div class="coding-head">
        <h2 id="coding-title">Coding and matching</h2>
        <p class="muted">
          {'Status: '}<StatusBadge status={inv.status} />
          {` · ${inv.companyName ?? 'no company'}`}
          {inv.orderReference && ` · order ${inv.orderReference}`}
        </p>
        {canEdit && inv.companyId !== null && (
          <div class="buttons">
            <form method="post" action={`/invoices/${inv.id}/coding/rule-application`} class="inline" {...inPlace(`/invoices/${inv.id}/coding/rule-application`)}>{hidden}<button type="submit">Apply coding rules</button></form>
            <form method="post" action={`/invoices/${inv.id}/matching`} class="inline" {...inPlace(`/invoices/${inv.id}/matching`)}>{hidden}<button type="submit">Match again</button></form>
            {canEditRules && <a class="button" href="/settings/coding-rules">Coding rules</a>}
          </div>
        )}
      </div>
      {inv.companyId === null && <p class="form-error">This invoice belongs to no company, so it cannot be coded: master data is kept per company.</p>}
      {inv.companyId !== null && <CodeDatalists options={options} />}
      {canEdit && inv.companyId !== null && lines.length > 1 && (
        <form method="post" action={`/invoices/${inv.id}/coding/header`} class="card code-all" {...inPlace(`/invoices/${inv.id}/coding/header`)}>
          {hidden}
          <h3>Code all lines</h3>
          <p class="muted">What you enter here goes on every line (every part of a split line); fields left empty change nothing.</p>
          <div class="code-form">
            {FIELDS.map((f) => <CodeInput field={f} id={`header-${f}`} value={header?.values[f] ?? ''} error={header?.errors[f]} />)}
            <div class="buttons"><button type="submit">Apply to all lines</button></div>
          </div>
          {header?.errors.form && <p class="error" role="alert">{header.errors.form}</p>}
        </form>
      )}
      {lines.map((line) => {
        if (split?.lineId === line.id && canEdit && inv.companyId !== null) {
          return <SplitForm invoiceId={inv.id} line={line} csrf={csrf} values={split.values} errors={split.errors} currency={inv.currency} listQuery={listQuery} />;
        }
        const mine = lineErrors?.lineId === line.id ? lineErrors : undefined;
        return (
          <LineCoding invoiceId={inv.id} line={line} csrf={csrf} canEdit={canEdit && inv.companyId !== null} currency={inv.currency}
            errors={mine?.errors} values={mine?.values} listQuery={listQuery} hasNext={hasNext} poMissing={poMissing} />
        );
      })}
    </section>
  );
}
