/*
 * Codes the lines of invoices by rule (see precedence.ts). On import every line is new; on
 * demand only lines that are uncoded or were coded by a rule before are recoded, so what a
 * person coded stays. A line no rule applies to keeps what it had.
 */
import type { Db } from '../db/connection';
import { equals } from '../einvoice/decimal';
import { hasAnyCode, loadCodeBook, resolveActive, type CodeBook } from './codes';
import { replaceLineCodings, type CodingMeta, type CodingPart } from './codings';
import { codingFromLastInvoice, lastInvoiceLines, type PastPart } from './last-invoice';
import { rulesByPrecedence, type CodingRule, type RuleLine } from './precedence';
import { activeRules, recordRuleUse } from './rules-queries';
import { amountsForPercents } from './split';

type InvoiceForRules = { id: number; companyId: number; sellerVatId: string | null; sellerName: string | null };
type CurrentPart = { gl: number | null; cc: number | null; tax: number | null; amount: string; rule: number | null };
type LineForRules = RuleLine & { id: number; invoiceId: number; netAmount: string | null; source: string | null; existing: CurrentPart[] };
export type RulesApplied = { linesCoded: number; linesByInvoice: Map<number, number> };

/** The line already carries exactly this coding from this rule: writing it again would change nothing. */
const unchanged = (current: CurrentPart[], parts: CodingPart[], ruleId: number) =>
  current.length === parts.length &&
  current.every((c, i) => {
    const p = parts[i]!;
    return c.rule === ruleId && c.gl === p.glAccountId && c.cc === p.costCentreId && c.tax === p.taxCodeId && equals(c.amount, p.amount);
  });

/** `onlyChanges`: leave lines whose coding would come out the same (no rewrite, not counted), for "apply to open invoices". */
export async function applyCodingRules(db: Db, invoiceIds: number[], opts: { onlyChanges?: boolean } = {}): Promise<RulesApplied> {
  const none = { linesCoded: 0, linesByInvoice: new Map<number, number>() };
  if (invoiceIds.length === 0) return none;
  const rules = await activeRules(db);
  if (rules.length === 0) return none;
  const invoices = await db<InvoiceForRules[]>`
    select id::int, company_id::int, seller_vat_id, seller_name from invoices
    where id = any(${invoiceIds}::bigint[]) and company_id is not null`;
  const lines = await db<LineForRules[]>`
    select l.id::int, l.invoice_id::int, l.name, l.description, l.seller_item_id, l.standard_item_id, l.net_amount::text,
           (select c.source from invoice_line_codings c where c.invoice_line_id = l.id order by c.position limit 1) as source,
           coalesce((select json_agg(json_build_object('gl', c.gl_account_id, 'cc', c.cost_centre_id, 'tax', c.tax_code_id, 'amount', c.amount::text, 'rule', c.coding_rule_id) order by c.position)
                     from invoice_line_codings c where c.invoice_line_id = l.id), '[]'::json) as existing
    from invoice_lines l where l.invoice_id = any(${invoices.map((i) => i.id)}::bigint[]) order by l.invoice_id, l.position`;
  const books = new Map<number, CodeBook>();
  const writes: { lineId: number; parts: CodingPart[]; meta: CodingMeta }[] = [];
  const uses = new Map<number, number>();
  const linesByInvoice = new Map<number, number>();
  for (const invoice of invoices) {
    const book = books.get(invoice.companyId) ?? (await loadCodeBook(db, invoice.companyId));
    books.set(invoice.companyId, book);
    const pastBySupplier = new Map<string, Awaited<ReturnType<typeof lastInvoiceLines>>>();
    const past = async (supplier: string) => {
      if (!pastBySupplier.has(supplier)) pastBySupplier.set(supplier, await lastInvoiceLines(db, invoice, supplier));
      return pastBySupplier.get(supplier)!;
    };
    for (const line of lines.filter((l) => l.invoiceId === invoice.id && (l.source === null || l.source === 'rule' || l.source === 'last_invoice'))) {
      const chosen = await firstCoding(rulesByPrecedence(rules, invoice, line), line, book, past);
      if (!chosen) continue;
      const amounts = amountsForPercents(line.netAmount ?? '0', chosen.parts.map((p) => p.percent));
      const parts = chosen.parts.map(({ percent, ...ids }, i) => ({ ...ids, amount: amounts[i]!, percent }));
      if (opts.onlyChanges && unchanged(line.existing, parts, chosen.rule.id)) continue;
      writes.push({ lineId: line.id, parts, meta: { source: chosen.rule.kind === 'fixed' ? 'rule' : 'last_invoice', ruleId: chosen.rule.id } });
      linesByInvoice.set(invoice.id, (linesByInvoice.get(invoice.id) ?? 0) + 1);
      uses.set(chosen.rule.id, (uses.get(chosen.rule.id) ?? 0) + 1);
    }
  }
  await replaceLineCodings(db, writes);
  await recordRuleUse(db, uses);
  return { linesCoded: writes.length, linesByInvoice };
}

async function firstCoding(
  candidates: CodingRule[],
  line: LineForRules,
  book: CodeBook,
  past: (supplier: string) => Promise<Awaited<ReturnType<typeof lastInvoiceLines>>>,
): Promise<{ rule: CodingRule; parts: PastPart[] } | null> {
  for (const rule of candidates) {
    const parts: PastPart[] | null =
      rule.kind === 'fixed'
        ? [{ ...resolveActive(book, { glAccount: rule.glAccountCode, costCentre: rule.costCentreCode, taxCode: rule.taxCodeCode }), percent: '100' }]
        : codingFromLastInvoice(await past(rule.supplier), line, book);
    if (parts && parts.some(hasAnyCode)) return { rule, parts };
  }
  return null;
}
