/*
 * "Apply to open invoices now" (issue 18: rules never reached invoices already open). The rule's
 * open invoices (open-matches.ts) get every active rule applied by precedence, exactly as on
 * import: lines a person coded (manual, "code all lines") are never recoded, and a line whose
 * coding would come out the same is left alone. Each invoice that changed gets a history event
 * naming the admin, and moves to Ready when it is now complete (refreshReadiness, which writes
 * its own event). It does not count as a person touching the invoice (the touchless rate): the
 * rule coded it, no clerk did.
 *
 * Up to IN_REQUEST invoices it runs in the request and the admin gets the figures at once (about
 * 0.2–0.5 s for 100 invoices); more go to the graphile-worker job coding_rules__apply_open,
 * because every invoice that becomes Ready starts its approval chain, which costs milliseconds
 * per invoice and grows with the open chains (bench/coding-rules.ts, BENCHMARKS.md). The job does
 * the same work as the same user; each coded invoice's history says so.
 *
 * The work goes in transactions of CHUNK invoices. Each chunk row-locks its invoices (so a
 * clerk's save of the same invoice waits, and the other way round), re-checks they are still
 * open, and skips an invoice someone else is editing right now (the editing lock).
 */
import type { Db, Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { LOCK_IDLE_MINUTES } from '../invoices/lock';
import { applyCodingRules } from './apply-rules';
import { OPEN_STATUSES, openMatches } from './open-matches';
import type { CodingRule } from './precedence';
import { refreshReadiness } from './readiness';

const CHUNK = 100;
export const IN_REQUEST = 100;
export const APPLY_OPEN_TASK = 'coding_rules__apply_open';

export type OpenApplication = { invoices: number; lines: number; ready: number; beingEdited: number; matched: number };

export type OpenRequest = { queued: true; matched: number } | ({ queued: false } & OpenApplication);

/** From the request: applies at once when the rule has at most `inRequest` open invoices, else queues the job. */
export async function applyOrQueue(sql: Sql, user: CurrentUser, rule: CodingRule, inRequest = IN_REQUEST): Promise<OpenRequest> {
  const matched = (await openMatches(sql, user, [rule])).map((m) => m.invoiceId);
  if (matched.length <= inRequest) return { queued: false, ...(await applyToInvoices(sql, user, rule, matched)) };
  await queueApplyOpen(sql, rule.id, user.id);
  return { queued: true, matched: matched.length };
}

/** job_key: a second click while the job waits does not queue a second run. */
export async function queueApplyOpen(db: Db, ruleId: number, userId: number) {
  await db`
    select graphile_worker.add_job(${APPLY_OPEN_TASK}, json_build_object('ruleId', ${ruleId}::bigint, 'userId', ${userId}::bigint),
      job_key => ${`${APPLY_OPEN_TASK}:${ruleId}`})`;
}

export async function applyRuleToOpenInvoices(sql: Sql, user: CurrentUser, rule: CodingRule): Promise<OpenApplication> {
  return applyToInvoices(sql, user, rule, (await openMatches(sql, user, [rule])).map((m) => m.invoiceId));
}

async function applyToInvoices(sql: Sql, user: CurrentUser, rule: CodingRule, ids: number[]): Promise<OpenApplication> {
  const result: OpenApplication = { invoices: 0, lines: 0, ready: 0, beingEdited: 0, matched: ids.length };
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

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The outcome for the flash, to follow "Rule #5 " (or "Rule #5 added; it "). */
export function applicationMessage(a: OpenRequest): string {
  if (a.queued) return `matches ${plural(a.matched, 'open invoice', 'open invoices')}: apdesk is coding them in the background. Each invoice’s history will say so, and the count here goes down as they reach Ready.`;
  if (a.matched === 0) return 'matches no open invoice you can see; it will code matching invoices as they arrive.';
  const parts = [
    a.lines === 0
      ? `changed nothing on its ${plural(a.matched, 'open invoice', 'open invoices')} (they are coded this way already, or by hand).`
      : `coded ${plural(a.lines, 'line', 'lines')} on ${plural(a.invoices, 'open invoice', 'open invoices')}.`,
    a.ready ? `${plural(a.ready, 'invoice', 'invoices')} now fully coded and matched → Ready.` : null,
    a.beingEdited ? `${plural(a.beingEdited, 'invoice was', 'invoices were')} skipped because someone is editing ${a.beingEdited === 1 ? 'it' : 'them'}; apply again later.` : null,
  ];
  return parts.filter(Boolean).join(' ');
}
