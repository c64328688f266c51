import { FIELDS, type Field } from '../../src/coding/codes';
import type { CodeRef, CodingLine, PartView } from '../../src/coding/page-data';
import { CsrfField, type FieldErrors } from '../components/form';
import { formatNumber } from '../../src/format/numbers';
import { Money } from '../invoices/money';
import { CodeInput } from './code-input';
import { MatchResult } from './match';

type Props = {
  invoiceId: number; line: CodingLine; csrf: string; canEdit: boolean; errors?: FieldErrors; values?: Partial<Record<Field, string>>; currency: string | null;
  /** The list the user came from (query string), carried through every form so Previous/Next and "& next" keep walking it. */
  listQuery?: string;
  /** Whether there is a next invoice in that list ("Save & next"). */
  hasNext?: boolean;
  /** The order the invoice names is not in apdesk: one banner says so, so the lines do not repeat it. */
  poMissing?: boolean;
};

const SOURCE: Record<string, string> = { manual: 'coded by hand', header: 'coded from the header', rule: 'coded by rule', last_invoice: 'coded from the last invoice' };
const show = (r: CodeRef) => (r ? `${r.code} ${r.name}${r.active ? '' : ' (deactivated)'}` : '—');
export const withQuery = (path: string, query: string, extra = '') => {
  const q = [query, extra].filter(Boolean).join('&');
  return `${path}${q ? `?${q}` : ''}`;
};

/** One line with its coding form (or its split parts) and match; also the htmx answer for that line. */
export function LineCoding({ invoiceId, line, csrf, canEdit, errors, values, currency, listQuery = '', hasNext = false, poMissing = false }: Props) {
  const single = line.parts.length <= 1 ? line.parts[0] : undefined;
  const value = (f: Field) => values?.[f] ?? single?.[f]?.code ?? '';
  const action = `/invoices/${invoiceId}/coding/lines/${line.id}`;
  const splitHref = `${withQuery(`/invoices/${invoiceId}`, listQuery, `split=${line.id}`)}#line-${line.id}`;
  return (
    <section class="card coding-line" id={`line-${line.id}`} aria-label={`Line ${line.lineNumber ?? ''}`}>
      <h3>
        {`${line.lineNumber ?? ''} ${line.name ?? line.description ?? '—'}`}{' '}
        <small class="muted">{`${formatNumber(line.quantity)} ${line.unitCode ?? ''} × ${formatNumber(line.unitPrice)} = `}<Money value={line.netAmount} currency={currency} />{line.sellerItemId && ` · item ${line.sellerItemId}`}</small>
      </h3>
      {!(poMissing && line.match?.outcome === 'no_po_line') && <MatchResult match={line.match} />}
      {line.parts.length > 1 ? (
        <SplitParts parts={line.parts} currency={currency} />
      ) : canEdit ? (
        <form method="post" action={action} hx-post={action} hx-target={`#line-${line.id}`} hx-swap="outerHTML" class="code-form">
          <CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} />
          {FIELDS.map((f) => <CodeInput field={f} id={`line-${line.id}-${f}`} value={value(f)} error={errors?.[f]} />)}
          <div class="buttons">
            <button type="submit">Save</button>
            {hasNext && <button type="submit" name="then" value="next">Save &amp; next</button>}
          </div>
        </form>
      ) : single ? (
        <p>{FIELDS.map((f) => show(single[f] ?? null)).join(' · ')}</p>
      ) : null}
      {errors?.form && <p class="error" role="alert">{errors.form}</p>}
      <p class="muted">
        {line.parts.length === 0 ? 'Not coded.' : <Provenance part={line.parts[0]!} />}
        {canEdit && (
          <>{' · '}<a href={splitHref} hx-get={withQuery(`${action}/split`, listQuery)} hx-target={`#line-${line.id}`} hx-swap="outerHTML" hx-push-url="false">{line.parts.length > 1 ? 'Change split' : 'Split'}</a></>
        )}
      </p>
    </section>
  );
}

function Provenance({ part }: { part: PartView }) {
  if (part.ruleId !== null) return <>{`${SOURCE[part.source]} `}<a href={`/settings/coding-rules/${part.ruleId}`}>{`#${part.ruleId} (${part.ruleSupplier ?? ''})`}</a></>;
  return <>{SOURCE[part.source] ?? part.source}</>;
}

function SplitParts({ parts, currency }: { parts: PartView[]; currency: string | null }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label="Split parts">
      <table>
        <thead><tr><th scope="col" class="amount">Amount</th><th scope="col" class="amount">%</th><th scope="col">GL account</th><th scope="col">Cost centre</th><th scope="col">Tax code</th></tr></thead>
        <tbody>
          {parts.map((p) => <tr><td class="amount"><Money value={p.amount} currency={currency} /></td><td class="amount">{p.percent === null ? '' : `${formatNumber(p.percent)} %`}</td><td>{show(p.glAccount)}</td><td>{show(p.costCentre)}</td><td>{show(p.taxCode)}</td></tr>)}
        </tbody>
      </table>
    </div>
  );
}
