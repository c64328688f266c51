import type { Requirements } from '../../src/coding/requirements';
import { KIND_SLUGS, KINDS } from '../../src/master-data/kinds';
import type { Company } from '../../src/master-data/queries';
import type { MatchingSettings } from '../../src/matching/settings';
import { formatForInput, formatNumber } from '../../src/format/numbers';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';

export function CompaniesPage({ companies, flash }: { companies: Company[]; flash?: string | null }) {
  return (
    <>
      <PageHeader title="Master data">{companies.length > 0 && <a class="button" href="/settings/master-data/import">Import for all companies</a>}</PageHeader>
      <Flash message={flash ?? null} />
      <p class="muted">GL accounts, cost centres, tax codes and matching tolerances are kept per company. One CSV file with a company column fills them for every company at once.</p>
      <ul role="list" class="settings-list">
        {companies.length === 0 && <li class="card">No companies yet: they arrive with the Pagero connection.</li>}
        {companies.map((c) => <li class="card"><a href={`/settings/master-data/${c.id}`}><strong>{c.name}</strong></a><p class="muted">{c.vatNumber ?? ''}</p></li>)}
      </ul>
    </>
  );
}

type Props = {
  company: Company; csrf: string; flash: string | null; requirements: Requirements; matching: MatchingSettings[];
  matchingErrors?: FieldErrors; matchingValues?: Record<string, string>;
};

export function CompanyPage({ company, csrf, flash, requirements, matching, matchingErrors, matchingValues }: Props) {
  const base = `/settings/master-data/${company.id}`;
  const own = matching.find((m) => m.supplier === null);
  const check = (name: keyof Requirements, label: string) => (
    <label class="check"><input type="checkbox" name={name} checked={requirements[name]} /> {label}</label>
  );
  return (
    <>
      <PageHeader title={company.name}><a href="/settings/master-data">All companies</a></PageHeader>
      <Flash message={flash} />
      <ul role="list" class="settings-list">
        {KIND_SLUGS.map((k) => <li class="card"><a href={`${base}/${k}`}><strong>{KINDS[k].many}</strong></a></li>)}
        <li class="card"><a href={`/purchase-orders?company=${company.id}`}><strong>Purchase orders</strong></a></li>
      </ul>
      <form method="post" action={`${base}/requirements`} class="card">
        <CsrfField token={csrf} />
        <h2>Required on every line</h2>
        {check('requireGlAccount', 'GL account')}
        {check('requireCostCentre', 'Cost centre')}
        {check('requireTaxCode', 'Tax code')}
        <p><button type="submit">Save</button></p>
      </form>
      <MatchingForm action={`${base}/matching`} csrf={csrf} title="Matching for this company" settings={own} errors={matchingValues?.supplier ? undefined : matchingErrors} values={matchingValues?.supplier ? undefined : matchingValues} />
      <section class="card">
        <h2>Supplier exceptions</h2>
        <table>
          <thead><tr><th scope="col">Supplier</th><th scope="col">Mode</th><th scope="col" class="amount">Price %</th><th scope="col" class="amount">Amount</th><th scope="col" class="amount">Quantity %</th><th scope="col"></th></tr></thead>
          <tbody>
            {matching.filter((m) => m.supplier !== null).map((m) => (
              <tr>
                <td>{m.supplier}</td><td>{m.mode === 'three_way' ? '3-way' : '2-way'}</td><td class="amount">{formatNumber(m.pricePercent)}</td><td class="amount">{m.amount === null ? '—' : formatNumber(m.amount)}</td><td class="amount">{formatNumber(m.quantityPercent)}</td>
                <td><form method="post" action={`${base}/matching/${m.id}/deletion`} class="inline"><CsrfField token={csrf} /><button type="submit" class="link">Remove</button></form></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <MatchingForm action={`${base}/matching`} csrf={csrf} title="Add or change a supplier exception" supplier errors={matchingValues?.supplier ? matchingErrors : undefined} values={matchingValues?.supplier ? matchingValues : undefined} />
    </>
  );
}

type FormProps = { action: string; csrf: string; title: string; settings?: MatchingSettings; supplier?: boolean; errors?: FieldErrors; values?: Record<string, string> };

function MatchingForm({ action, csrf, title, settings, supplier, errors, values }: FormProps) {
  const value = (k: 'pricePercent' | 'amount' | 'quantityPercent') => values?.[k] ?? (settings?.[k] != null ? formatForInput(settings[k]) : k === 'amount' ? '' : '0');
  const mode = values?.mode ?? settings?.mode ?? 'two_way';
  return (
    <form method="post" action={action} class="card" novalidate>
      <CsrfField token={csrf} />
      <h2>{title}</h2>
      {supplier && <Field name="supplier" label="Supplier (VAT id or name)" value={values?.supplier} errors={errors} />}
      <fieldset class="field">
        <legend>Mode</legend>
        <label class="check"><input type="radio" name="mode" value="two_way" checked={mode === 'two_way'} /> 2-way: price and quantity against the order</label>
        <label class="check"><input type="radio" name="mode" value="three_way" checked={mode === 'three_way'} /> 3-way: also quantity against what was received</label>
      </fieldset>
      <Field name="pricePercent" label="Price tolerance (%)" value={value('pricePercent')} errors={errors} />
      <Field name="amount" label="Amount tolerance per line (empty: not checked)" value={value('amount')} errors={errors} />
      <Field name="quantityPercent" label="Quantity tolerance (%)" value={value('quantityPercent')} errors={errors} />
      <button type="submit">Save</button>
    </form>
  );
}
