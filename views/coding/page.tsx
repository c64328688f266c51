import { FIELDS, type Field } from '../../src/coding/codes';
import type { CodeOptions, CodingInvoice, CodingLine } from '../../src/coding/page-data';
import { CsrfField, Flash, PageHeader, type FieldErrors } from '../components/form';
import { CodeDatalists, CodeInput } from './code-input';
import { LineCoding } from './line';
import { SplitForm, type SplitValues } from './split';

export type CodingPageProps = {
  invoice: CodingInvoice; lines: CodingLine[]; options: CodeOptions; csrf: string; canEdit: boolean; canEditRules: boolean; flash?: string | null;
  header?: { values: Partial<Record<Field, string>>; errors: FieldErrors };
  split?: { lineId: number; values?: SplitValues; errors?: FieldErrors };
  lineErrors?: { lineId: number; values: Partial<Record<Field, string>>; errors: FieldErrors };
};

export const StatusBadge = ({ status, oob }: { status: string; oob?: boolean }) => (
  <strong id="coding-status" hx-swap-oob={oob ? 'true' : undefined}>{STATUS[status] ?? status}</strong>
);
const STATUS: Record<string, string> = { received: 'Received', in_review: 'In review', ready: 'Ready', approved: 'Approved', exported: 'Exported', on_hold: 'On hold' };

export function CodingPage(props: CodingPageProps) {
  const { invoice: inv } = props;
  return (
    <>
      <PageHeader title={`Coding: invoice ${inv.invoiceNumber}`}>
        <a href={`/invoices/${inv.id}`}>Back to the invoice</a>
      </PageHeader>
      <Flash message={props.flash ?? null} />
      <CodingSection {...props} />
    </>
  );
}

/** The coding and matching of an invoice; the invoice page can render this in its slot. */
export function CodingSection({ invoice: inv, lines, options, csrf, canEdit, canEditRules, header, split, lineErrors }: CodingPageProps) {
  const splitLine = split ? lines.find((l) => l.id === split.lineId) : undefined;
  return (
    <section aria-label="Coding and matching">
      <div class="card">
        <p>
          {'Status: '}<StatusBadge status={inv.status} />
          {` · ${inv.sellerName ?? inv.sellerVatId ?? 'Unknown supplier'} · ${inv.companyName ?? 'no company'}`}
          {inv.orderReference && ` · order ${inv.orderReference}`}
        </p>
        {inv.companyId === null && <p class="form-error">This invoice belongs to no company, so it cannot be coded: master data is kept per company.</p>}
        {canEdit && inv.companyId !== null && (
          <div style="display:flex;gap:.5rem;flex-wrap:wrap">
            <form method="post" action={`/invoices/${inv.id}/coding/rule-application`} class="inline"><CsrfField token={csrf} /><button type="submit">Apply coding rules</button></form>
            <form method="post" action={`/invoices/${inv.id}/matching`} class="inline"><CsrfField token={csrf} /><button type="submit">Match again</button></form>
            {canEditRules && <a class="button" href="/settings/coding-rules">Coding rules</a>}
          </div>
        )}
      </div>
      {inv.companyId !== null && <CodeDatalists options={options} />}
      {canEdit && inv.companyId !== null && (
        <form method="post" action={`/invoices/${inv.id}/coding/header`} class="card">
          <CsrfField token={csrf} />
          <h2 style="margin-top:0">Code all lines</h2>
          <p class="muted">What you enter here goes on every line (every part of a split line); fields left empty change nothing.</p>
          <div style="display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap">
            {FIELDS.map((f) => <CodeInput field={f} id={`header-${f}`} value={header?.values[f] ?? ''} error={header?.errors[f]} />)}
            <button type="submit">Apply to all lines</button>
          </div>
          {header?.errors.form && <p class="error" role="alert">{header.errors.form}</p>}
        </form>
      )}
      {splitLine && canEdit && <SplitForm invoiceId={inv.id} line={splitLine} csrf={csrf} values={split?.values} errors={split?.errors} />}
      <h2>Lines</h2>
      {lines.map((line) => {
        const mine = lineErrors?.lineId === line.id ? lineErrors : undefined;
        return <LineCoding invoiceId={inv.id} line={line} csrf={csrf} canEdit={canEdit && inv.companyId !== null} currency={inv.currency} errors={mine?.errors} values={mine?.values} />;
      })}
    </section>
  );
}
