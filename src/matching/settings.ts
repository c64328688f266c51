/*
 * Matching settings: a company row (supplier null) and optional supplier rows that win over
 * it. Without any row: 2-way, exact price and quantity, no amount limit.
 */
import type { Db } from '../db/connection';
import { supplierMatches, type Seller } from '../coding/suppliers';
import type { MatchMode, Tolerances } from './outcome';

export type MatchingSettings = { id: number | null; supplier: string | null; mode: MatchMode } & Tolerances;

export const DEFAULT_MATCHING: MatchingSettings = { id: null, supplier: null, mode: 'two_way', pricePercent: '0', amount: null, quantityPercent: '0' };

export const companyMatchingSettings = (db: Db, companyId: number) =>
  db<MatchingSettings[]>`
    select id::int, supplier, mode, price_tolerance_percent::text as price_percent, amount_tolerance::text as amount,
           quantity_tolerance_percent::text as quantity_percent
    from matching_settings where company_id = ${companyId}
    order by supplier nulls first, supplier`;

export function settingsFor(all: MatchingSettings[], seller: Seller): MatchingSettings {
  return all.find((s) => s.supplier !== null && supplierMatches(s.supplier, seller)) ?? all.find((s) => s.supplier === null) ?? DEFAULT_MATCHING;
}

export async function saveMatchingSettings(db: Db, companyId: number, s: Omit<MatchingSettings, 'id'>) {
  await db`
    insert into matching_settings (company_id, supplier, mode, price_tolerance_percent, amount_tolerance, quantity_tolerance_percent)
    values (${companyId}, ${s.supplier}, ${s.mode}, ${s.pricePercent}, ${s.amount}, ${s.quantityPercent})
    on conflict (company_id, supplier) do update set mode = excluded.mode, price_tolerance_percent = excluded.price_tolerance_percent,
      amount_tolerance = excluded.amount_tolerance, quantity_tolerance_percent = excluded.quantity_tolerance_percent, updated_at = now()`;
}

export async function deleteSupplierMatchingSettings(db: Db, companyId: number, id: number) {
  await db`delete from matching_settings where id = ${id} and company_id = ${companyId} and supplier is not null`;
}
