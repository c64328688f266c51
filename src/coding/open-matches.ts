/*
 * Which open invoices a coding rule matches (issue 18: show it on the form and in the list,
 * and apply the rule to them). Open = Received or In review: not yet Ready, and not on hold
 * (someone stopped it on purpose), approved, exported or closed. Only invoices of a company
 * (rules code with a company's master data) and only those the user may see.
 *
 * The test is ruleApplies() of precedence.ts in SQL: the supplier by VAT id (without spaces,
 * dots, dashes) or name (trimmed, case-insensitive), the company, and at least one line with the
 * item id or containing the line text. Two hash joins (VAT, name) instead of one OR-join keep
 * it one pass over the open invoices for all rules of the list at once.
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from '../invoices/visibility';
import type { CodingRule } from './precedence';

export const OPEN_STATUSES = ['received', 'in_review'];

export type RuleDraft = Pick<CodingRule, 'id' | 'supplier' | 'companyId' | 'lineText' | 'itemId'>;
/** `lines`: lines the rule applies to; `byHand`: those of them a person coded, which rules never recode. */
export type OpenMatch = { ruleId: number; invoiceId: number; lines: number; byHand: number };
export type OpenCount = { invoices: number; lines: number; byHand: number };

export async function openMatches(db: Db, user: CurrentUser, rules: RuleDraft[]): Promise<OpenMatch[]> {
  if (rules.length === 0) return [];
  const rows = await db<OpenMatch[]>`
    with r as (
      select u.id, u.company_id, nullif(lower(btrim(u.line_text)), '') as line_text, nullif(lower(btrim(u.item_id)), '') as item_id,
             nullif(upper(regexp_replace(u.supplier, '[\\s.\\-]', '', 'g')), '') as vat_key,
             nullif(lower(regexp_replace(btrim(u.supplier), '\\s+', ' ', 'g')), '') as name_key
      from unnest(${rules.map((r) => r.id)}::bigint[], ${rules.map((r) => r.supplier)}::text[], ${rules.map((r) => r.companyId)}::bigint[],
                  ${rules.map((r) => r.lineText)}::text[], ${rules.map((r) => r.itemId)}::text[]) as u(id, supplier, company_id, line_text, item_id)
    ), o as materialized (
      select i.id, i.company_id,
             nullif(upper(regexp_replace(coalesce(i.seller_vat_id, ''), '[\\s.\\-]', '', 'g')), '') as vat_key,
             nullif(lower(regexp_replace(btrim(coalesce(i.seller_name, '')), '\\s+', ' ', 'g')), '') as name_key
      from invoices i
      where i.status = any(${OPEN_STATUSES}::text[]) and i.company_id is not null and ${visibleInvoices(db, user)}
    ), m as (
      select r.id as rule_id, r.company_id as rule_company, r.line_text, r.item_id, o.id as invoice_id, o.company_id from r join o on o.vat_key = r.vat_key
      union
      select r.id, r.company_id, r.line_text, r.item_id, o.id, o.company_id from r join o on o.name_key = r.name_key
    )
    select m.rule_id::int, m.invoice_id::int, count(l.id)::int as lines,
           count(l.id) filter (where (select c.source from invoice_line_codings c where c.invoice_line_id = l.id order by c.position limit 1) in ('manual', 'header'))::int as by_hand
    from m join invoice_lines l on l.invoice_id = m.invoice_id
      and (m.item_id is null or lower(btrim(l.seller_item_id)) = m.item_id or lower(btrim(l.standard_item_id)) = m.item_id)
      and (m.line_text is null or strpos(lower(coalesce(l.name, '') || E'\\n' || coalesce(l.description, '')), m.line_text) > 0)
    where m.rule_company is null or m.rule_company = m.company_id
    group by m.rule_id, m.invoice_id
    order by m.rule_id, m.invoice_id`;
  return rows;
}

export async function openCounts(db: Db, user: CurrentUser, rules: RuleDraft[]): Promise<Map<number, OpenCount>> {
  const counts = new Map<number, OpenCount>(rules.map((r) => [r.id, { invoices: 0, lines: 0, byHand: 0 }]));
  for (const m of await openMatches(db, user, rules)) {
    const c = counts.get(m.ruleId)!;
    c.invoices += 1;
    c.lines += m.lines;
    c.byHand += m.byHand;
  }
  return counts;
}
