import type { RuleRow } from '../../src/coding/rules-queries';
import type { Company } from '../../src/master-data/queries';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';

export type RuleFormValues = Partial<Record<'kind' | 'supplier' | 'companyId' | 'lineText' | 'itemId' | 'glAccountCode' | 'costCentreCode' | 'taxCodeCode', string>> & { active?: boolean };

type Props = { csrf: string; values: RuleFormValues; errors?: FieldErrors; companies: Company[]; rule?: RuleRow; flash?: string | null };

export function RuleFormPage({ csrf, values, errors, companies, rule, flash }: Props) {
  const action = rule ? `/settings/coding-rules/${rule.id}` : '/settings/coding-rules';
  return (
    <>
      <PageHeader title={rule ? `Coding rule #${rule.id}` : 'Add a coding rule'}><a href="/settings/coding-rules">Back to coding rules</a></PageHeader>
      <Flash message={flash ?? null} />
      {rule && <p class="muted">{`Coded ${rule.timesUsed} lines; last used ${rule.lastUsedAt ? formatDateTime(rule.lastUsedAt) : 'never'}.`}</p>}
      <form method="post" action={action} class="card" novalidate>
        <CsrfField token={csrf} />
        <fieldset class={errors?.kind ? 'field has-error' : 'field'}>
          <legend>The rule</legend>
          <label class="check"><input type="radio" name="kind" value="fixed" checked={values.kind !== 'last_invoice'} /> Sets these codes</label>
          <label class="check"><input type="radio" name="kind" value="last_invoice" checked={values.kind === 'last_invoice'} /> Codes like the supplier’s last invoice</label>
          {errors?.kind && <p class="error" role="alert">{errors.kind}</p>}
        </fieldset>
        <Field name="supplier" label="Supplier (VAT id or name)" value={values.supplier} errors={errors} required />
        <div class={errors?.companyId ? 'field has-error' : 'field'}>
          <label for="field-companyId">Company</label>
          <select id="field-companyId" name="companyId">
            <option value="">Any company</option>
            {companies.map((c) => <option value={String(c.id)} selected={values.companyId === String(c.id)}>{c.name}</option>)}
          </select>
          {errors?.companyId && <p class="error" role="alert">{errors.companyId}</p>}
        </div>
        <Field name="lineText" label="Only lines whose text contains (optional)" value={values.lineText} errors={errors} />
        <Field name="itemId" label="Only lines with item id (optional)" value={values.itemId} errors={errors} />
        <Field name="glAccountCode" label="GL account" value={values.glAccountCode} errors={errors} />
        <Field name="costCentreCode" label="Cost centre" value={values.costCentreCode} errors={errors} />
        <Field name="taxCodeCode" label="Tax code" value={values.taxCodeCode} errors={errors} />
        <label class="check"><input type="checkbox" name="active" checked={values.active !== false} /> Active</label>
        <p><button type="submit" class="primary">{rule ? 'Save rule' : 'Add rule'}</button></p>
      </form>
      {rule && (
        <form method="post" action={`/settings/coding-rules/${rule.id}/deletion`} class="card danger-zone">
          <CsrfField token={csrf} />
          <p>Lines it coded keep their codes (they no longer name the rule).</p>
          <button type="submit" class="danger">Delete rule</button>
        </form>
      )}
    </>
  );
}
