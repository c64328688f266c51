import type { OpenCount } from '../../src/coding/open-matches';
import { RANK_LABELS, ruleRank } from '../../src/coding/precedence';
import type { RuleRow } from '../../src/coding/rules-queries';
import type { TouchlessRate } from '../../src/coding/touchless';
import { TouchlessRateFigure } from '../components/touchless';
import { CsrfField, Flash, PageHeader } from '../components/form';
import { When } from '../components/when';

type Props = {
  rules: RuleRow[]; flash: string | null; lastMonth: TouchlessRate; allTime: TouchlessRate; csrf: string;
  /** open invoices each rule matches (src/coding/open-matches.ts) */
  open: Map<number, OpenCount>;
  /** each rule's supplier name as invoices give it; null: it matches no invoice the user can see */
  names: Map<number, string | null>;
  seesAll: boolean;
};

const codes = (r: RuleRow) =>
  r.kind === 'last_invoice' ? 'Codes from the supplier’s last invoice' : [r.glAccountCode && `GL ${r.glAccountCode}`, r.costCentreCode && `CC ${r.costCentreCode}`, r.taxCodeCode && `Tax ${r.taxCodeCode}`].filter(Boolean).join(' · ');

function OpenCell({ rule, count, csrf }: { rule: RuleRow; count: OpenCount | undefined; csrf: string }) {
  const n = count?.invoices ?? 0;
  return (
    <>
      <span class="amount">{String(n)}</span>
      {rule.active && n > 0 && (
        <form method="post" action={`/settings/coding-rules/${rule.id}/application`} class="inline">
          <CsrfField token={csrf} />
          <input type="hidden" name="back" value="list" />
          <button type="submit" class="link" aria-label={`Apply rule #${rule.id} to its ${n} open invoices now`}>Apply now</button>
        </form>
      )}
    </>
  );
}

export function CodingRulesPage({ rules, flash, lastMonth, allTime, csrf, open, names, seesAll }: Props) {
  return (
    <>
      <PageHeader title="Coding rules"><a class="button primary" href="/settings/coding-rules/new">Add a rule</a></PageHeader>
      <Flash message={flash} />
      <section class="card" aria-labelledby="touchless-title">
        <h2 id="touchless-title">Touchless rate</h2>
        <TouchlessRateFigure lastMonth={lastMonth} allTime={allTime} />
        <p>
          The most specific rule wins: supplier + company + item id, then supplier + item id, supplier + company + line text, supplier + line text,
          supplier + company, supplier; “code from the last invoice” comes after all of these. Rules apply when invoices arrive, with
          “Apply coding rules” on an invoice, and to every open invoice (Received, In review) with “Apply now”; lines coded by hand are never recoded.
        </p>
      </section>
      <div class="table-wrap" tabindex={0}>
        <table class="wrap">
          <thead><tr><th scope="col">#</th><th scope="col">Supplier</th><th scope="col">Company</th><th scope="col">Narrowed to</th><th scope="col">Codes</th><th scope="col">Precedence</th><th scope="col">Open invoices</th><th scope="col">Lines coded</th><th scope="col">Last used</th></tr></thead>
          <tbody>
            {rules.length === 0 && <tr><td colspan={9}>No coding rules yet.</td></tr>}
            {rules.map((r) => (
              <tr class={r.active ? undefined : 'inactive'}>
                <td><a href={`/settings/coding-rules/${r.id}`}>{`#${r.id}`}</a>{!r.active && ' (off)'}</td>
                <td>
                  {r.supplier}
                  {names.get(r.id) === null && <><br /><span class="error">{`Matches no supplier ${seesAll ? 'apdesk has seen' : 'on the invoices you can see'}`}</span></>}
                  {names.get(r.id) && names.get(r.id)!.trim().toLowerCase() !== r.supplier.trim().toLowerCase() && <><br /><span class="muted">{names.get(r.id)}</span></>}
                </td>
                <td>{r.companyName ?? 'Any'}</td>
                <td>{[r.itemId && `item ${r.itemId}`, r.lineText && `text contains “${r.lineText}”`].filter(Boolean).join(', ') || '—'}</td>
                <td>{codes(r)}</td>
                <td>{`${ruleRank(r)}. ${RANK_LABELS[ruleRank(r)]}`}</td>
                <td class="rule-open"><OpenCell rule={r} count={open.get(r.id)} csrf={csrf} /></td>
                <td>{String(r.timesUsed)}</td>
                <td>{r.lastUsedAt ? <When at={r.lastUsedAt} /> : 'Never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
