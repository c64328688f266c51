import type { KnownSupplier } from '../../src/coding/known-suppliers';
import type { RuleRow } from '../../src/coding/rules-queries';
import type { Company } from '../../src/master-data/queries';
import { CsrfField, Field, Flash, PageHeader, type FieldErrors } from '../components/form';
import { formatDateTime } from '../../src/format/numbers';
import { RuleCheckPanel, SupplierOptions, SupplierStatus, type RuleCheck } from './rule-check';

export type RuleFormValues = Partial<Record<'kind' | 'supplier' | 'companyId' | 'lineText' | 'itemId' | 'glAccountCode' | 'costCentreCode' | 'taxCodeCode', string>> & {
  active?: boolean;
  newSupplier?: boolean;
};

type Props = {
  csrf: string; values: RuleFormValues; errors?: FieldErrors; companies: Company[]; rule?: RuleRow; flash?: string | null;
  suppliers: KnownSupplier[]; check: RuleCheck;
};

export function RuleFormPage({ csrf, values, errors, companies, rule, flash, suppliers, check }: Props) {
  const action = rule ? `/settings/coding-rules/${rule.id}` : '/settings/coding-rules';
  const supplierError = errors?.supplier;
  return (
    <>
      <PageHeader title={rule ? `Coding rule #${rule.id}` : 'Add a coding rule'}><a href="/settings/coding-rules">Back to coding rules</a></PageHeader>
      <Flash message={flash ?? null} />
      {rule && <p class="muted">{`Coded ${rule.timesUsed} lines; last used ${rule.lastUsedAt ? formatDateTime(rule.lastUsedAt) : 'never'}.`}</p>}
      <form id="rule-form" method="post" action={action} class="card" novalidate>
        <CsrfField token={csrf} />
        <fieldset class={errors?.kind ? 'field has-error' : 'field'}>
          <legend>The rule</legend>
          <label class="check"><input type="radio" name="kind" value="fixed" checked={values.kind !== 'last_invoice'} /> Sets these codes</label>
          <label class="check"><input type="radio" name="kind" value="last_invoice" checked={values.kind === 'last_invoice'} /> Codes like the supplier’s last invoice</label>
          {errors?.kind && <p class="error" role="alert">{errors.kind}</p>}
        </fieldset>
        <div class={supplierError ? 'field has-error' : 'field'}>
          <label for="field-supplier">Supplier (VAT id or name)</label>
          <small id="field-supplier-hint" class="hint">Pick from the suppliers apdesk has invoices from, or type to search them. The VAT id is the safest key: names vary (“S.r.l.”, “Srl”).</small>
          <input id="field-supplier" name="supplier" type="text" value={values.supplier} list="known-suppliers" autocomplete="off" required maxlength={200}
            aria-invalid={supplierError ? 'true' : undefined} aria-describedby={supplierError ? 'field-supplier-hint field-supplier-error' : 'field-supplier-hint supplier-status'} autofocus={supplierError ? true : undefined} />
          <SupplierStatus check={check} error={supplierError} newSupplier={values.newSupplier} />
        </div>
        <SupplierOptions suppliers={suppliers} />
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
        <section id="rule-check" class="rule-check-box" aria-live="polite" aria-label="What the rule matches"
          hx-post="/settings/coding-rules/check" hx-trigger="input changed delay:400ms from:#rule-form, change from:#rule-form"
          hx-include="#rule-form" hx-sync="this:replace" hx-swap="innerHTML">
          <RuleCheckPanel check={check} />
        </section>
        <p class="actions">
          <button type="submit" class="primary" name="then" value="save">{rule ? 'Save rule' : 'Add rule'}</button>{' '}
          <button type="submit" name="then" value="apply">{rule ? 'Save and apply to open invoices' : 'Add and apply to open invoices'}</button>
        </p>
        <p class="muted">Applying codes the open invoices (Received, In review) by every active rule’s precedence; lines coded by hand are never recoded.</p>
      </form>
      {rule && rule.active && (
        <form method="post" action={`/settings/coding-rules/${rule.id}/application`} class="card">
          <CsrfField token={csrf} />
          <input type="hidden" name="back" value="rule" />
          <p>The rule codes invoices as they arrive. To code those already open with the rule as saved:</p>
          <button type="submit">Apply to open invoices now</button>
        </form>
      )}
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
