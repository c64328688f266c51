/* Which coding fields a company requires on every line (no row yet: a GL account only). */
import type { Db } from '../db/connection';

export type Requirements = { requireGlAccount: boolean; requireCostCentre: boolean; requireTaxCode: boolean };
export const DEFAULT_REQUIREMENTS: Requirements = { requireGlAccount: true, requireCostCentre: false, requireTaxCode: false };

export async function codingRequirements(db: Db, companyId: number | null): Promise<Requirements> {
  if (companyId === null) return DEFAULT_REQUIREMENTS;
  const [row]: [Requirements?] = await db`
    select require_gl_account, require_cost_centre, require_tax_code from company_coding_settings where company_id = ${companyId}`;
  return row ?? DEFAULT_REQUIREMENTS;
}

export async function saveCodingRequirements(db: Db, companyId: number, r: Requirements) {
  await db`
    insert into company_coding_settings (company_id, require_gl_account, require_cost_centre, require_tax_code)
    values (${companyId}, ${r.requireGlAccount}, ${r.requireCostCentre}, ${r.requireTaxCode})
    on conflict (company_id) do update set require_gl_account = excluded.require_gl_account,
      require_cost_centre = excluded.require_cost_centre, require_tax_code = excluded.require_tax_code, updated_at = now()`;
}
