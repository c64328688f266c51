import { FIELDS } from '../../src/coding/codes';
import type { CodingLine } from '../../src/coding/page-data';
import type { SplitMode, SplitPartInput } from '../../src/coding/split';
import { CsrfField, type FieldErrors } from '../components/form';
import { formatForInput } from '../../src/format/numbers';
import { Money } from '../invoices/money';
import { CodeInput } from './code-input';
import { withQuery } from './line';

export type SplitValues = { mode: SplitMode; parts: SplitPartInput[] };

type Props = { invoiceId: number; line: CodingLine; csrf: string; values?: SplitValues; errors?: FieldErrors; currency?: string | null; listQuery?: string };

/**
 * Split a line over several codings, by percentage or by amount; the parts must add up to the line.
 * It takes the line's place on the invoice page (same id), so htmx swaps it in and back out.
 */
export function SplitForm({ invoiceId, line, csrf, values, errors, currency = null, listQuery = '' }: Props) {
  const current: SplitValues = values ?? {
    mode: line.parts.some((p) => p.percent === null) ? 'amount' : 'percent',
    parts: line.parts.map((p) => ({ value: formatForInput(p.percent ?? p.amount), glAccount: p.glAccount?.code ?? '', costCentre: p.costCentre?.code ?? '', taxCode: p.taxCode?.code ?? '' })),
  };
  const rows = [...current.parts];
  while (rows.length < Math.max(3, current.parts.length + 1)) rows.push({ value: '', glAccount: '', costCentre: '', taxCode: '' });
  const action = `/invoices/${invoiceId}/coding/lines/${line.id}/split`;
  return (
    <section class="card coding-line split-form" id={`line-${line.id}`} aria-label={`Split line ${line.lineNumber ?? ''}`}>
      <h3 id="split">{`Split line ${line.lineNumber ?? ''} ${line.name ?? line.description ?? ''}: `}<Money value={line.netAmount ?? '0'} currency={currency} /></h3>
      <form method="post" action={action} hx-post={action} hx-target={`#line-${line.id}`} hx-swap="outerHTML">
        <CsrfField token={csrf} /><input type="hidden" name="list_query" value={listQuery} />
        <fieldset class="field">
          <legend>Split by</legend>
          <label class="check"><input type="radio" name="mode" value="percent" checked={current.mode === 'percent'} /> Percentage (must add up to 100)</label>
          <label class="check"><input type="radio" name="mode" value="amount" checked={current.mode === 'amount'} /> Amount (must add up to the line)</label>
        </fieldset>
        {errors?.form && <p class="form-error" role="alert">{errors.form}</p>}
        <div class="table-wrap" tabindex={0} role="region" aria-label="Parts">
          <table>
            <thead><tr><th scope="col">% or amount</th><th scope="col">GL account</th><th scope="col">Cost centre</th><th scope="col">Tax code</th></tr></thead>
            <tbody>
              {rows.map((p, i) => (
                <tr>
                  <td>
                    <input name="value" value={p.value} size={10} aria-label={`Part ${i + 1} percentage or amount`} aria-invalid={errors?.[`value.${i}`] ? 'true' : undefined} />
                    {errors?.[`value.${i}`] && <p class="error" role="alert">{errors[`value.${i}`]}</p>}
                  </td>
                  {FIELDS.map((f) => <td><CodeInput field={f} name={f} id={`split-${i}-${f}`} value={p[f]} error={errors?.[`${f}.${i}`]} label={false} /></td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p class="muted">Leave rows empty that you do not need. With percentages, the last part takes the rounding remainder so the parts add up to the line exactly.</p>
        <button type="submit" class="primary">Save split</button>{' '}
        <a href={`${withQuery(`/invoices/${invoiceId}`, listQuery)}#line-${line.id}`} hx-get={withQuery(`/invoices/${invoiceId}/coding/lines/${line.id}`, listQuery)} hx-target={`#line-${line.id}`} hx-swap="outerHTML" hx-push-url="false">Cancel</a>
      </form>
    </section>
  );
}
