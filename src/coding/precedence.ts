/*
 * Which coding rule codes a line: the most specific one that applies.
 *
 *   1. supplier + company + item id         5. supplier + company
 *   2. supplier + item id                   6. supplier
 *   3. supplier + company + line text       7. "last invoice", supplier + company
 *   4. supplier + line text                 8. "last invoice", supplier
 *
 * Narrowing to the line (item id, an exact identifier, before line text, a "contains") is
 * more specific than narrowing to the company. Fixed rules always beat "code from the last
 * invoice", which is the fallback. Between rules of the same rank the longer line text wins,
 * then the newest rule. A rule that yields no code in the invoice's company (its codes do
 * not exist or are inactive there; no earlier invoice) is passed over for the next one.
 */
import { supplierMatches, type Seller } from './suppliers';

export type CodingRule = {
  id: number;
  kind: 'fixed' | 'last_invoice';
  supplier: string;
  companyId: number | null;
  lineText: string | null;
  itemId: string | null;
  glAccountCode: string | null;
  costCentreCode: string | null;
  taxCodeCode: string | null;
};

export type RuleLine = { name: string | null; description: string | null; sellerItemId: string | null; standardItemId: string | null };
export type RuleInvoice = Seller & { companyId: number | null };

export function ruleRank(rule: Pick<CodingRule, 'kind' | 'companyId' | 'lineText' | 'itemId'>): number {
  const company = rule.companyId !== null;
  if (rule.kind === 'last_invoice') return company ? 7 : 8;
  if (rule.itemId) return company ? 1 : 2;
  if (rule.lineText) return company ? 3 : 4;
  return company ? 5 : 6;
}

export const RANK_LABELS: Record<number, string> = {
  1: 'Supplier + company + item id',
  2: 'Supplier + item id',
  3: 'Supplier + company + line text',
  4: 'Supplier + line text',
  5: 'Supplier + company',
  6: 'Supplier',
  7: 'Last invoice, supplier + company',
  8: 'Last invoice, supplier',
};

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function ruleApplies(rule: CodingRule, invoice: RuleInvoice, line: RuleLine): boolean {
  if (!supplierMatches(rule.supplier, invoice)) return false;
  if (rule.companyId !== null && rule.companyId !== invoice.companyId) return false;
  if (rule.itemId && ![line.sellerItemId, line.standardItemId].some((id) => id && same(id, rule.itemId!))) return false;
  if (rule.lineText) {
    const text = `${line.name ?? ''}\n${line.description ?? ''}`.toLowerCase();
    if (!text.includes(rule.lineText.trim().toLowerCase())) return false;
  }
  return true;
}

/** The rules that apply to the line, most specific first. */
export function rulesByPrecedence(rules: CodingRule[], invoice: RuleInvoice, line: RuleLine): CodingRule[] {
  return rules
    .filter((r) => ruleApplies(r, invoice, line))
    .sort((a, b) => ruleRank(a) - ruleRank(b) || (b.lineText?.length ?? 0) - (a.lineText?.length ?? 0) || b.id - a.id);
}
