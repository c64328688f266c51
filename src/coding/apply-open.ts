/*
 * "Apply to open invoices now" (issue 18: rules never reached invoices already open). The rule's
 * open invoices (open-matches.ts) get every active rule applied by precedence, exactly as on
 * import: lines a person coded (manual, "code all lines") are never recoded, and a line whose
 * coding would come out the same is left alone. Each invoice that changed gets a history event
 * naming the admin, and moves to Ready when it is now complete (refreshReadiness, which writes
 * its own event). It does not count as a person touching the invoice (the touchless rate): the
 * rule coded it, no clerk did.
 *
 * It runs in the request, in transactions of CHUNK invoices: the set is one supplier's open
 * invoices (hundreds at most in practice; 1,000 take about a second, BENCHMARKS.md), and the admin
 * waits for the figures. Each chunk row-locks its invoices (so a clerk's save of the same
 * invoice waits, and the other way round), re-checks they are still open, and skips an invoice
 * someone else is editing right now (the editing lock).
 */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { LOCK_IDLE_MINUTES } from '../invoices/lock';
import { applyCodingRules } from './apply-rules';
import { OPEN_STATUSES, openMatches } from './open-matches';
import type { CodingRule } from './precedence';
import { refreshReadiness } from './readiness';

const CHUNK = 200;

export type OpenApplication = { invoices: number; lines: number; ready: number; beingEdited: number; matched: number };

export async function applyRuleToOpenInvoices(sql: Sql, user: CurrentUser, rule: CodingRule): Promise<OpenApplication> {
  const matched = (await openMatches(sql, user, [rule])).map((m) => m.invoiceId);
  const result: OpenApplication = { invoices: 0, lines: 0, ready: 0, beingEdited: 0, matched: matched.length };
  const ids = matched;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    await sql.begin(async (tx) => {
      const open = await tx<{ id: number; editedByOther: boolean }[]>`
        select i.id::int, exists (
                 select 1 from invoice_locks l where l.invoice_id = i.id and l.user_id <> ${user.id}
                 and l.last_active_at > now() - make_interval(mins => ${LOCK_IDLE_MINUTES})) as edited_by_other
        from invoices i where i.id = any(${chunk}::bigint[]) and i.status = any(${OPEN_STATUSES}::text[])
        order by i.id for no key update of i`;
      result.beingEdited += open.filter((o) => o.editedByOther).length;
      const targets = open.filter((o) => !o.editedByOther).map((o) => o.id);
      const { linesByInvoice } = await applyCodingRules(tx, targets, { onlyChanges: true });
      const coded = [...linesByInvoice.entries()];
      if (coded.length === 0) return;
      await tx`
        insert into invoice_events (invoice_id, actor_id, action, reason)
        select u.id, ${user.id}, 'coding', 'applied coding rule #' || ${rule.id}::text || ' to open invoices: ' || u.n || case when u.n = 1 then ' line' else ' lines' end || ' coded'
        from unnest(${coded.map(([id]) => id)}::bigint[], ${coded.map(([, n]) => n)}::int[]) as u(id, n)`;
      const changes = await refreshReadiness(tx, coded.map(([id]) => id));
      result.invoices += coded.length;
      result.lines += coded.reduce((n, [, lines]) => n + lines, 0);
      result.ready += changes.filter((c) => c.to === 'ready').length;
    });
  }
  return result;
}

/** The outcome in one sentence for the flash. */
export function applicationMessage(ruleId: number, a: OpenApplication): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (a.matched === 0) return `Rule #${ruleId} matches no open invoice you can see; it will code matching invoices as they arrive.`;
  const parts = [
    a.lines === 0
      ? `Rule #${ruleId}: nothing to change on its ${plural(a.matched, 'open invoice', 'open invoices')} (lines coded by hand stay as they are).`
      : `Rule #${ruleId} applied to open invoices: ${plural(a.lines, 'line', 'lines')} coded on ${plural(a.invoices, 'invoice', 'invoices')}.`,
    a.ready ? `${plural(a.ready, 'invoice', 'invoices')} now fully coded and matched → Ready.` : null,
    a.beingEdited ? `${plural(a.beingEdited, 'invoice was', 'invoices were')} skipped because someone is editing ${a.beingEdited === 1 ? 'it' : 'them'}; apply again later.` : null,
  ];
  return parts.filter(Boolean).join(' ');
}
