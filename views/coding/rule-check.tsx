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

/** Beside the supplier field: which supplier the rule will match, and how many open invoices (live with htmx, rendered on every page load). */
export function RuleCheckPanel({ check }: { check: RuleCheck }) {
  if (!check.supplier.trim()) return <p class="muted">Pick a supplier to see how many open invoices the rule matches.</p>;
  if (check.matching.length === 0) {
    return (
      <div class="rule-check warning">
        <p><strong>{`“${check.supplier.trim()}” matches no supplier ${check.seesAll ? 'apdesk has seen' : 'on the invoices you can see'}`}</strong>{' '}
          (no invoice has that VAT id or exactly that name), so the rule would code nothing.</p>
        {check.similar.length > 0 && (
          <>
            <p>Did you mean:</p>
            <ul class="suggestions">{check.similar.map((s) => <li><code>{s.vatId ?? s.name}</code>{` ${supplierLabel(s)}`}</li>)}</ul>
          </>
        )}
      </div>
    );
  }
  const open = check.open;
  return (
    <div class="rule-check">
      <p>Matches {check.matching.map((s, i) => <>{i > 0 && '; '}<strong>{supplierLabel(s)}</strong></>)}.</p>
      {open && (
        <p class="rule-open-count">
          <strong>{open.invoices === 0 ? 'No open invoice matches now.' : `Matches ${plural(open.invoices, 'open invoice', 'open invoices')} now`}</strong>
          {open.invoices > 0 && ` (${plural(open.lines, 'line', 'lines')}${open.byHand ? `; ${open.byHand === 1 ? '1 line coded by hand stays as it is' : `${plural(open.byHand, 'line', 'lines')} coded by hand stay as they are`}` : ''}).`}
        </p>
      )}
    </div>
  );
}
