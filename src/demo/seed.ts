/*
 * Writes apdesk's demo data for the demo companies apdesk knows (pagero_companies, found by
 * the E-invoicing Login) and has not seeded yet: master data, matching settings, one coding
 * rule, purchase orders and goods receipts. Each company is one transaction that first claims
 * its demo_seeds row, so it is seeded once however often or concurrently this runs. Nothing
 * that exists is changed: a code, order or setting already there is left as it is.
 *
 * Invoices the company already has (seeded after its first sync, e.g. DEMO_DATA turned on
 * later) are coded by the rules and matched again in the same transaction, as on import.
 */
import { applyCodingRules } from '../coding/apply-rules';
import { refreshReadiness } from '../coding/readiness';
import type { Db, Sql } from '../db/connection';
import { matchInvoices } from '../matching/match-invoices';
import { storeGoodsReceipt, storePurchaseOrder } from '../purchase-orders/store';
import type { DemoCode } from './definitions';
import type { DemoCompanyPlan, DemoPlan } from './plan';

export type DemoSeedResult = {
  companyId: number;
  company: string;
  glAccounts: number;
  costCentres: number;
  taxCodes: number;
  rules: number;
  purchaseOrders: number;
  goodsReceipts: number;
  invoicesRecoded: number;
};

/** Seeds the plan's companies among `companyIds` (all known demo companies when left out) that were never seeded. */
export async function seedDemoCompanies(sql: Sql, plan: DemoPlan, companyIds?: number[]): Promise<DemoSeedResult[]> {
  const companies = await sql<{ id: number; pageroCompanyId: string; name: string }[]>`
    select c.id::int, c.pagero_company_id, c.name from pagero_companies c
    where c.pagero_company_id = any(${[...plan.keys()]}::text[])
      ${companyIds ? sql`and c.id = any(${companyIds}::bigint[])` : sql``}
      and not exists (select 1 from demo_seeds d where d.company_id = c.id)
    order by c.id`;
  const results: DemoSeedResult[] = [];
  for (const company of companies) {
    const result = await sql.begin((tx) => seedCompany(tx, company, plan.get(company.pageroCompanyId)!));
    if (result) results.push(result);
  }
  return results;
}

/** How many of the demo companies apdesk knows, and how many of those have their demo data. */
export async function demoSeedState(sql: Sql, pageroCompanyIds: string[]): Promise<{ known: number; seeded: number }> {
  const [row] = await sql<{ known: number; seeded: number }[]>`
    select count(*)::int as known, count(d.company_id)::int as seeded
    from pagero_companies c left join demo_seeds d on d.company_id = c.id
    where c.pagero_company_id = any(${pageroCompanyIds}::text[])`;
  return row!;
}

async function seedCompany(tx: Db, company: { id: number; name: string }, plan: DemoCompanyPlan): Promise<DemoSeedResult | null> {
  const [claimed] = await tx`insert into demo_seeds (company_id) values (${company.id}) on conflict (company_id) do nothing returning company_id`;
  if (!claimed) return null; // seeded meanwhile by another login or process
  const { definition } = plan;
  const result: DemoSeedResult = {
    companyId: company.id,
    company: company.name,
    glAccounts: await insertCodes(tx, 'gl_accounts', company.id, definition.glAccounts),
    costCentres: await insertCodes(tx, 'cost_centres', company.id, definition.costCentres),
    taxCodes: await insertCodes(tx, 'tax_codes', company.id, definition.taxCodes),
    rules: 0,
    purchaseOrders: 0,
    goodsReceipts: 0,
    invoicesRecoded: 0,
  };
  const { mode, pricePercent, quantityPercent } = definition.matching;
  await tx`
    insert into matching_settings (company_id, supplier, mode, price_tolerance_percent, quantity_tolerance_percent)
    values (${company.id}, null, ${mode}, ${pricePercent}, ${quantityPercent})
    on conflict on constraint matching_settings_once do nothing`;
  if (definition.rule) {
    const { supplier, glAccount, costCentre } = definition.rule;
    const inserted = await tx`
      insert into coding_rules (kind, supplier, company_id, gl_account_code, cost_centre_code, active)
      select 'fixed', ${supplier}, ${company.id}, ${glAccount}, ${costCentre}, true
      where not exists (select 1 from coding_rules where company_id = ${company.id} and lower(supplier) = lower(${supplier}) and line_text is null and item_id is null)`;
    result.rules = inserted.count;
  }
  for (const { order, receipt } of plan.purchaseOrders) {
    const [exists] = await tx`select 1 from purchase_orders where company_id = ${company.id} and po_number = ${order.poNumber}`;
    if (exists) continue; // the company's own order of that number wins
    await storePurchaseOrder(tx, company.id, order, 'demo');
    result.purchaseOrders++;
    if (receipt && (await storeGoodsReceipt(tx, company.id, receipt, 'demo')).ok) result.goodsReceipts++;
  }
  const open = await tx<{ id: number }[]>`select id::int from invoices where company_id = ${company.id} and status in ('received', 'in_review') order by id`;
  if (open.length) {
    const ids = open.map((r) => r.id);
    await applyCodingRules(tx, ids);
    await matchInvoices(tx, ids);
    await refreshReadiness(tx, ids);
    result.invoicesRecoded = ids.length;
  }
  const { companyId: _id, company: _name, ...summary } = result;
  await tx`update demo_seeds set summary = ${tx.json(summary)} where company_id = ${company.id}`;
  return result;
}

const CODE_TABLES = { gl_accounts: 'gl_accounts', cost_centres: 'cost_centres', tax_codes: 'tax_codes' } as const;

async function insertCodes(tx: Db, table: keyof typeof CODE_TABLES, companyId: number, codes: DemoCode[]): Promise<number> {
  if (codes.length === 0) return 0;
  const inserted = await tx`
    insert into ${tx(CODE_TABLES[table])} (company_id, code, name)
    select ${companyId}::bigint, u.code, u.name from unnest(${codes.map((c) => c.code)}::text[], ${codes.map((c) => c.name)}::text[]) as u(code, name)
    on conflict (company_id, code) do nothing`;
  return inserted.count;
}
