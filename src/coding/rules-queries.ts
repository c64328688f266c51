/* Coding rules as stored, for the rules page and for applying them. */
import type { Db } from '../db/connection';
import type { CodingRule } from './precedence';

export type RuleRow = CodingRule & { active: boolean; timesUsed: number; lastUsedAt: Date | null; companyName: string | null };
export type RuleInput = Omit<CodingRule, 'id'> & { active: boolean };

export const listRules = (db: Db) =>
  db<RuleRow[]>`
    select r.id::int, r.kind, r.supplier, r.company_id::int, r.line_text, r.item_id, r.gl_account_code, r.cost_centre_code,
           r.tax_code_code, r.active, r.times_used, r.last_used_at, c.name as company_name
    from coding_rules r left join pagero_companies c on c.id = r.company_id
    order by lower(r.supplier), r.id`;

export const activeRules = (db: Db) =>
  db<CodingRule[]>`
    select id::int, kind, supplier, company_id::int, line_text, item_id, gl_account_code, cost_centre_code, tax_code_code
    from coding_rules where active`;

export async function findRule(db: Db, id: number): Promise<RuleRow | undefined> {
  const [row]: [RuleRow?] = await db`
    select r.id::int, r.kind, r.supplier, r.company_id::int, r.line_text, r.item_id, r.gl_account_code, r.cost_centre_code,
           r.tax_code_code, r.active, r.times_used, r.last_used_at, c.name as company_name
    from coding_rules r left join pagero_companies c on c.id = r.company_id where r.id = ${id}`;
  return row;
}

const COLUMNS: (keyof RuleInput)[] = ['kind', 'supplier', 'companyId', 'lineText', 'itemId', 'glAccountCode', 'costCentreCode', 'taxCodeCode', 'active'];

export async function insertRule(db: Db, input: RuleInput, createdBy: number): Promise<number> {
  const [row] = await db<{ id: number }[]>`
    insert into coding_rules (kind, supplier, company_id, line_text, item_id, gl_account_code, cost_centre_code, tax_code_code, active, created_by)
    values (${input.kind}, ${input.supplier}, ${input.companyId}, ${input.lineText}, ${input.itemId}, ${input.glAccountCode},
            ${input.costCentreCode}, ${input.taxCodeCode}, ${input.active}, ${createdBy})
    returning id::int`;
  return row!.id;
}

export async function updateRule(db: Db, id: number, input: RuleInput) {
  await db`update coding_rules set ${db(input, ...COLUMNS)}, updated_at = now() where id = ${id}`;
}

export async function deleteRule(db: Db, id: number): Promise<boolean> {
  return (await db`delete from coding_rules where id = ${id}`).count > 0;
}

export async function recordRuleUse(db: Db, uses: Map<number, number>) {
  if (uses.size === 0) return;
  await db`
    update coding_rules r set times_used = r.times_used + u.n, last_used_at = now()
    from unnest(${[...uses.keys()]}::bigint[], ${[...uses.values()]}::int[]) as u(id, n) where r.id = u.id`;
}
