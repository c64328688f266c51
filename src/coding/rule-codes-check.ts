/* A rule's codes must exist, active, in its company (or, for a rule without company, in at least one). */
import type { Db } from '../db/connection';
import type { RuleFormOutput } from './rules-form';

const CHECKS = [
  ['glAccountCode', 'gl_accounts', 'GL account'],
  ['costCentreCode', 'cost_centres', 'cost centre'],
  ['taxCodeCode', 'tax_codes', 'tax code'],
] as const;

export async function unknownRuleCodes(db: Db, rule: RuleFormOutput): Promise<Record<string, string>> {
  const errors: Record<string, string> = {};
  if (rule.kind !== 'fixed') return errors;
  for (const [key, table, label] of CHECKS) {
    const code = rule[key];
    if (!code) continue;
    const [found] = await db`
      select 1 from ${db(table)} where code = ${code} and active and (${rule.companyId}::bigint is null or company_id = ${rule.companyId}::bigint) limit 1`;
    if (!found) errors[key] = rule.companyId ? `There is no active ${label} ${code} in that company.` : `No company has an active ${label} ${code}.`;
  }
  return errors;
}
