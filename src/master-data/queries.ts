/* Master data rows of one company. The table name comes only from KINDS, never from a request. */
import type { Db } from '../db/connection';
import { KINDS, type KindSlug } from './kinds';

export type Code = { id: number; code: string; name: string; active: boolean };
export type Company = { id: number; name: string; vatNumber: string | null };

const table = (db: Db, kind: KindSlug) => db(KINDS[kind].table);

export const listCompanies = (db: Db) =>
  db<Company[]>`select id::int, name, vat_number from pagero_companies order by name, id`;

export async function findCompany(db: Db, id: number): Promise<Company | undefined> {
  const [row]: [Company?] = await db`select id::int, name, vat_number from pagero_companies where id = ${id}`;
  return row;
}

export const listCodes = (db: Db, kind: KindSlug, companyId: number) =>
  db<Code[]>`select id::int, code, name, active from ${table(db, kind)} where company_id = ${companyId} order by active desc, code`;

export const activeCodes = (db: Db, kind: KindSlug, companyId: number) =>
  db<Code[]>`select id::int, code, name, active from ${table(db, kind)} where company_id = ${companyId} and active order by code`;

export async function findCode(db: Db, kind: KindSlug, companyId: number, id: number): Promise<Code | undefined> {
  const [row]: [Code?] = await db`select id::int, code, name, active from ${table(db, kind)} where id = ${id} and company_id = ${companyId}`;
  return row;
}

export async function findCodeByCode(db: Db, kind: KindSlug, companyId: number, code: string): Promise<Code | undefined> {
  const [row]: [Code?] = await db`
    select id::int, code, name, active from ${table(db, kind)} where company_id = ${companyId} and code = ${code}`;
  return row;
}

export async function insertCode(db: Db, kind: KindSlug, companyId: number, input: { code: string; name: string }): Promise<number> {
  const [row] = await db<{ id: number }[]>`
    insert into ${table(db, kind)} (company_id, code, name) values (${companyId}, ${input.code}, ${input.name}) returning id::int`;
  return row!.id;
}

export async function updateCode(db: Db, kind: KindSlug, companyId: number, id: number, input: { code: string; name: string }) {
  await db`update ${table(db, kind)} set code = ${input.code}, name = ${input.name}, updated_at = now() where id = ${id} and company_id = ${companyId}`;
}

export async function setCodeActive(db: Db, kind: KindSlug, companyId: number, id: number, active: boolean) {
  await db`update ${table(db, kind)} set active = ${active}, updated_at = now() where id = ${id} and company_id = ${companyId}`;
}

/** Inserts new codes and updates the name and active flag of existing ones, in one statement. */
export async function upsertCodes(db: Db, kind: KindSlug, companyId: number, rows: { code: string; name: string; active: boolean }[]) {
  if (rows.length === 0) return;
  await db`
    insert into ${table(db, kind)} (company_id, code, name, active)
    select ${companyId}::bigint, u.code, u.name, u.active::boolean
    from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => String(r.active))}::text[]) as u(code, name, active)
    on conflict (company_id, code) do update set name = excluded.name, active = excluded.active, updated_at = now()`;
}

/** The codes of one kind of several companies, by company (for an all-companies import preview). */
export async function codesByCompany(db: Db, kind: KindSlug, companyIds: number[]): Promise<Map<number, Code[]>> {
  const rows = await db<(Code & { companyId: number })[]>`
    select company_id::int, id::int, code, name, active from ${table(db, kind)} where company_id = any(${companyIds}::bigint[])`;
  const out = new Map<number, Code[]>(companyIds.map((id) => [id, []]));
  for (const { companyId, ...code } of rows) out.get(companyId)?.push(code);
  return out;
}

export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
