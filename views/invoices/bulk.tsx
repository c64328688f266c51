import type { BulkOutcome } from '../../src/invoices/workflow';
import { TRANSITIONS, type Action } from '../../src/invoices/transitions';
import { ReasonCodeFields } from '../responses/reason-fields';

export type BulkResultProps = BulkOutcome & { label: string };
export type BulkErrors = Partial<Record<'action' | 'reason' | 'reason_code' | 'action_code' | 'ids', string>>;
export type BulkValues = { action: string; reason: string; reason_code?: string; action_code?: string };

/** The controls above the table on one line: a change (its reason, for hold and reject, folded away), and what is selected. */
export function BulkControls({ actions, errors = {}, values, canExport = false }: { actions: Action[]; errors?: BulkErrors; values?: BulkValues; canExport?: boolean }) {
  const reasonOpen = Boolean(errors.reason || errors.reason_code || errors.action_code || values?.reason || values?.reason_code);
  return (
    <div class="bulk-bar">
      <div class={errors.action ? 'field has-error' : 'field'}>
        <label for="bulk-action">Change selected to</label>
        <select id="bulk-action" name="action" aria-invalid={errors.action ? 'true' : undefined} aria-describedby={errors.action ? 'bulk-action-error' : undefined}>
          <option value="">Choose…</option>
          {actions.map((a) => <option value={a} selected={values?.action === a}>{TRANSITIONS[a].label}</option>)}
        </select>
        {errors.action && <p id="bulk-action-error" class="error" role="alert">{errors.action}</p>}
      </div>
      <details class="bulk-reason" open={reasonOpen}>
        <summary>{canExport ? 'Reason (hold, reject, export again)' : 'Reason (hold, reject)'}</summary>
        <div class="bulk-reason-fields">
          <div class={errors.reason ? 'field has-error' : 'field'}>
            <label for="bulk-reason">{canExport ? 'Reason (for hold, reject, or exporting again)' : 'Reason (for hold and reject)'}</label>
            <input id="bulk-reason" type="text" name="reason" value={values?.reason ?? ''} maxlength={1000}
              aria-invalid={errors.reason ? 'true' : undefined} aria-describedby={errors.reason ? 'bulk-reason-error' : undefined} />
            {errors.reason && <p id="bulk-reason-error" class="error" role="alert">{errors.reason}</p>}
          </div>
          <ReasonCodeFields idPrefix="bulk" values={values} errors={errors} />
        </div>
      </details>
      <button type="submit">Apply to selected</button>
      {canExport && <button type="submit" formaction="/export-batches" title="Approved invoices go into an export batch (one per company)">Export selected</button>}
      <output class="selection-sum" data-selection-sum aria-live="polite"></output>
      {errors.ids && <p id="bulk-ids-error" class="error" role="alert">{errors.ids}</p>}
    </div>
  );
}

/** What a bulk change did: how many changed, and each skipped invoice with the reason. */
export function BulkResult({ label, changed, skipped }: BulkResultProps) {
  return (
    <section class="card" aria-label="Bulk change result" role="status">
      <p><strong>{`${label}: ${changed.length} invoice${changed.length === 1 ? '' : 's'} changed`}</strong>{skipped.length > 0 && `, ${skipped.length} skipped:`}</p>
      {skipped.length > 0 && (
        <ul>{skipped.map((s) => <li>{s.invoiceNumber ? <a href={`/invoices/${s.id}`}>{s.invoiceNumber}</a> : `#${s.id}`}{` — ${s.why}`}</li>)}</ul>
      )}
    </section>
  );
}
