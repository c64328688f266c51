import type { KnownSupplier } from '../../src/coding/known-suppliers';
import type { OpenCount } from '../../src/coding/open-matches';
import { formatCount } from '../../src/format/numbers';

export type RuleCheck = {
  supplier: string;
  /** the known suppliers the value matches (by VAT id or name); empty = none */
  matching: KnownSupplier[];
  /** close names, when it matches none */
  similar: KnownSupplier[];
  open: OpenCount | null;
  /** the user sees every invoice (else "on the invoices you can see") */
  seesAll: boolean;
};

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** "Acme Supplies S.r.l. · VAT IT01234567890 · 14 invoices" */
export const supplierLabel = (s: KnownSupplier) => [s.name ?? '(no name)', s.vatId && `VAT ${s.vatId}`, plural(s.invoices, 'invoice', 'invoices')].filter(Boolean).join(' · ');

/** Known suppliers for the supplier input: the VAT id as the value when there is one (names vary, VAT ids do not), the name and count as the label. */
export function SupplierOptions({ suppliers, oob }: { suppliers: KnownSupplier[]; oob?: boolean }) {
  return (
    <datalist id="known-suppliers" hx-swap-oob={oob ? 'true' : undefined}>
      {suppliers.map((s) => <option value={s.vatId ?? s.name ?? ''}>{supplierLabel(s)}</option>)}
    </datalist>
  );
}

const unseenWords = (check: RuleCheck) => `“${check.supplier.trim()}” matches no supplier ${check.seesAll ? 'apdesk has seen' : 'on the invoices you can see'}`;

type StatusProps = { check: RuleCheck; error?: string; newSupplier?: boolean; oob?: boolean };

/**
 * Right under the supplier field: the supplier apdesk will match (name, VAT id, invoices), or that it
 * matches none, with close names and the "New supplier" box. The form's refusal (`error`) shows here too;
 * htmx redraws it as the admin types, so a fixed value no longer carries the old error.
 */
export function SupplierStatus({ check, error, newSupplier, oob }: StatusProps) {
  const unseen = Boolean(check.supplier.trim()) && check.matching.length === 0;
  return (
    <div id="supplier-status" class="supplier-status" aria-live="polite" hx-swap-oob={oob ? 'true' : undefined}>
      {error && <p id="field-supplier-error" class="error" role="alert">{error}</p>}
      {!error && check.matching.length > 0 && (
        <p class="ok-note">Matches {check.matching.map((s, i) => <>{i > 0 && '; '}<strong>{supplierLabel(s)}</strong></>)}.</p>
      )}
      {!error && unseen && (
        <p class="warning-note"><strong>{unseenWords(check)}</strong> (no invoice has that VAT id or exactly that name), so the rule would code nothing.</p>
      )}
      {unseen && check.similar.length > 0 && (
        <div class="suggestions">
          <p>Did you mean:</p>
          <ul class="suggestions">{check.similar.map((s) => <li><code>{s.vatId ?? s.name}</code>{` ${supplierLabel(s)}`}</li>)}</ul>
        </div>
      )}
      {(unseen || newSupplier) && (
        <label class="check"><input type="checkbox" name="newSupplier" checked={newSupplier} /> New supplier: apdesk has no invoice from it yet; save the rule for its first invoices</label>
      )}
    </div>
  );
}

/** Above the save buttons: how many open invoices the rule matches (live with htmx, rendered on every page load). */
export function RuleCheckPanel({ check }: { check: RuleCheck }) {
  if (!check.supplier.trim()) return <p class="muted">Pick a supplier to see how many open invoices the rule matches.</p>;
  const open = check.open;
  if (!open) return <p><strong>No open invoice matches</strong>: no invoice comes from this supplier yet.</p>;
  return (
    <p class="rule-open-count">
      <strong>{open.invoices === 0 ? 'No open invoice matches now.' : `Matches ${plural(open.invoices, 'open invoice', 'open invoices')} now`}</strong>
      {open.invoices > 0 && ` (${plural(open.lines, 'line', 'lines')}${open.byHand ? `; ${open.byHand === 1 ? '1 line coded by hand stays as it is' : `${plural(open.byHand, 'line', 'lines')} coded by hand stay as they are`}` : ''}).`}
    </p>
  );
}
