import { RANK_LABELS, ruleRank } from '../../src/coding/precedence';
import type { RuleRow } from '../../src/coding/rules-queries';
import type { TouchlessRate } from '../../src/coding/touchless';
import { TouchlessRateFigure } from '../components/touchless';
import { Flash, PageHeader } from '../components/form';

type Props = { rules: RuleRow[]; flash: string | null; lastMonth: TouchlessRate; allTime: TouchlessRate };

const codes = (r: RuleRow) =>
  r.kind === 'last_invoice' ? 'Codes from the supplier’s last invoice' : [r.glAccountCode && `GL ${r.glAccountCode}`, r.costCentreCode && `CC ${r.costCentreCode}`, r.taxCodeCode && `Tax ${r.taxCodeCode}`].filter(Boolean).join(' · ');

export function CodingRulesPage({ rules, flash, lastMonth, allTime }: Props) {
  return (
    <>
      <PageHeader title="Coding rules"><a class="button primary" href="/settings/coding-rules/new">Add a rule</a></PageHeader>
      <Flash message={flash} />
      <section class="card" aria-labelledby="touchless-title">
        <h2 id="touchless-title">Touchless rate</h2>
        <TouchlessRateFigure lastMonth={lastMonth} allTime={allTime} />
        <p>
          The most specific rule wins: supplier + company + item id, then supplier + item id, supplier + company + line text, supplier + line text,
          supplier + company, supplier; “code from the last invoice” comes after all of these. Rules apply when invoices arrive and with
          “Apply coding rules” on an invoice; lines coded by hand are never recoded.
        </p>
      </section>
      <div class="table-wrap" tabindex={0}>
        <table class="wrap">
          <thead><tr><th scope="col">#</th><th scope="col">Supplier</th><th scope="col">Company</th><th scope="col">Narrowed to</th><th scope="col">Codes</th><th scope="col">Precedence</th><th scope="col">Lines coded</th><th scope="col">Last used</th></tr></thead>
          <tbody>
            {rules.length === 0 && <tr><td colspan={8}>No coding rules yet.</td></tr>}
            {rules.map((r) => (
              <tr class={r.active ? undefined : 'inactive'}>
                <td><a href={`/settings/coding-rules/${r.id}`}>{`#${r.id}`}</a>{!r.active && ' (off)'}</td>
                <td>{r.supplier}</td>
                <td>{r.companyName ?? 'Any'}</td>
                <td>{[r.itemId && `item ${r.itemId}`, r.lineText && `text contains “${r.lineText}”`].filter(Boolean).join(', ') || '—'}</td>
                <td>{codes(r)}</td>
                <td>{`${ruleRank(r)}. ${RANK_LABELS[ruleRank(r)]}`}</td>
                <td>{String(r.timesUsed)}</td>
                <td>{r.lastUsedAt ? r.lastUsedAt.toISOString().slice(0, 16).replace('T', ' ') : 'Never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
