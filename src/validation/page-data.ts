/* What the invoice page's Validation panel reads, for an invoice already found visible. */
import type { Db } from '../db/connection';
import { OPEN_STATUSES } from '../invoices/statuses';
import { visibleInvoices } from '../invoices/visibility';
import { RULE_SETS, type RuleSetName } from './rule-sets';
import type { Severity } from './findings';

export type FindingView = { ruleId: string; severity: Severity; message: string; ruleSet: string };

export type ValidationView = {
  state: 'pending' | 'done' | 'error';
  rulesVersion: string | null;
  ruleSets: string[];
  fatalCount: number;
  warningCount: number;
  error: string | null;
  validatedAt: Date | null;
  override: { byName: string | null; at: Date; reason: string } | null;
  findings: FindingView[];
};

export async function invoiceValidation(db: Db, invoiceId: number): Promise<ValidationView | null> {
  const [row] = await db<(Omit<ValidationView, 'override' | 'findings'> & { overrideAt: Date | null; overrideReason: string | null; overrideByName: string | null })[]>`
    select v.state, v.rules_version, v.rule_sets, v.fatal_count, v.warning_count, v.error, v.validated_at,
           v.override_at, v.override_reason, u.first_name || ' ' || u.last_name as override_by_name
    from invoice_validations v left join users u on u.id = v.override_by
    where v.invoice_id = ${invoiceId}`;
  if (!row) return null;
  const findings = await db<FindingView[]>`
    select rule_id, severity, message, rule_set from invoice_validation_findings
    where invoice_id = ${invoiceId}
    order by case severity when 'fatal' then 0 when 'warning' then 1 else 2 end, position`;
  const { overrideAt, overrideReason, overrideByName, ...rest } = row;
  return { ...rest, override: overrideAt && overrideReason ? { at: overrideAt, reason: overrideReason, byName: overrideByName } : null, findings };
}

/** "EN 16931 1.3.16 and Peppol BIS 3": the published rule sets a result comes from. */
export function ruleSetsLabel(ruleSets: string[]): string {
  const labels = [...new Set(ruleSets.map((s) => (s in RULE_SETS ? RULE_SETS[s as RuleSetName].label : s === 'apdesk-fatturapa' ? 'EN 16931 mandatory content (FatturaPA)' : s)))];
  if (labels.length === 0) return 'EN 16931 mandatory content (FatturaPA)';
  return labels.length === 1 ? labels[0]! : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

/** The dashboard's "Failing EN 16931, by rule": open invoices the user can see, counted per fatal rule. */
export async function failingByRule(db: Db, user: Parameters<typeof visibleInvoices>[1], limit = 10) {
  return db<{ ruleId: string; count: number }[]>`
    select f.rule_id, count(distinct f.invoice_id)::int as count
    from invoice_validation_findings f join invoices i on i.id = f.invoice_id
    where f.severity = 'fatal' and i.status = any(${OPEN_STATUSES as string[]}::text[]) and ${visibleInvoices(db, user)}
    group by f.rule_id order by count desc, f.rule_id limit ${limit}`;
}
