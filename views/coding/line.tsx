import { FIELDS, type Field } from '../../src/coding/codes';
import type { CodeRef, CodingLine, PartView } from '../../src/coding/page-data';
import { CsrfField, type FieldErrors } from '../components/form';
import { CodeInput } from './code-input';
import { MatchResult } from './match';

type Props = { invoiceId: number; line: CodingLine; csrf: string; canEdit: boolean; errors?: FieldErrors; values?: Partial<Record<Field, string>>; currency: string | null };

const SOURCE: Record<string, string> = { manual: 'coded by hand', header: 'coded from the header', rule: 'coded by rule', last_invoice: 'coded from the last invoice' };
const show = (r: CodeRef) => (r ? `${r.code} ${r.name}${r.active ? '' : ' (deactivated)'}` : '—');

/** One line with its coding form (or its split parts) and match; also the htmx answer for that line. */
export function LineCoding({ invoiceId, line, csrf, canEdit, errors, values, currency }: Props) {
  const single = line.parts.length <= 1 ? line.parts[0] : undefined;
  const value = (f: Field) => values?.[f] ?? single?.[f]?.code ?? '';
  const action = `/invoices/${invoiceId}/coding/lines/${line.id}`;
  return (
    <section class="card coding-line" id={`line-${line.id}`} aria-label={`Line ${line.lineNumber ?? ''}`}>
      <h3 style="margin-top:0">
        {`${line.lineNumber ?? ''} ${line.name ?? line.description ?? '—'}`}
        <small class="muted">{` ${line.quantity ?? ''} ${line.unitCode ?? ''} × ${line.unitPrice ?? ''} = ${line.netAmount ?? '—'} ${currency ?? ''}`}{line.sellerItemId && ` · item ${line.sellerItemId}`}</small>
      </h3>
      <MatchResult match={line.match} />
      {line.parts.length > 1 ? (
        <SplitParts parts={line.parts} />
      ) : canEdit ? (
        <form method="post" action={action} hx-post={action} hx-target={`#line-${line.id}`} hx-swap="outerHTML" style="display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap">
          <CsrfField token={csrf} />
          {FIELDS.map((f) => <CodeInput field={f} id={`line-${line.id}-${f}`} value={value(f)} error={errors?.[f]} />)}
          <button type="submit">Save</button>
        </form>
      ) : (
        <p>{FIELDS.map((f) => show(single?.[f] ?? null)).join(' · ')}</p>
      )}
      {errors?.form && <p class="error" role="alert">{errors.form}</p>}
      <p class="muted">
        {line.parts.length === 0 ? 'Not coded.' : <Provenance part={line.parts[0]!} />}
        {canEdit && <>{' · '}<a href={`/invoices/${invoiceId}/coding?split=${line.id}#split`}>{line.parts.length > 1 ? 'Change split' : 'Split'}</a></>}
      </p>
    </section>
  );
}

function Provenance({ part }: { part: PartView }) {
  if (part.ruleId !== null) return <>{`${SOURCE[part.source]} `}<a href={`/settings/coding-rules/${part.ruleId}`}>{`#${part.ruleId} (${part.ruleSupplier ?? ''})`}</a></>;
  return <>{SOURCE[part.source] ?? part.source}</>;
}

function SplitParts({ parts }: { parts: PartView[] }) {
  return (
    <table>
      <thead><tr><th scope="col">Amount</th><th scope="col">%</th><th scope="col">GL account</th><th scope="col">Cost centre</th><th scope="col">Tax code</th></tr></thead>
      <tbody>
        {parts.map((p) => <tr><td>{p.amount}</td><td>{p.percent ?? ''}</td><td>{show(p.glAccount)}</td><td>{show(p.costCentre)}</td><td>{show(p.taxCode)}</td></tr>)}
      </tbody>
    </table>
  );
}
