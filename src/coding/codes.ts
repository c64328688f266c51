/*
 * A company's codes of all three kinds, looked up by code (what people type and rules name)
 * and by id (what codings store). New coding may use active codes only; a code already on
 * the line stays allowed after it is deactivated, so re-saving an old line never fails.
 */
import type { Db } from '../db/connection';

export const FIELDS = ['glAccount', 'costCentre', 'taxCode'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_LABELS: Record<Field, string> = { glAccount: 'GL account', costCentre: 'Cost centre', taxCode: 'Tax code' };
const TABLES: Record<Field, string> = { glAccount: 'gl_accounts', costCentre: 'cost_centres', taxCode: 'tax_codes' };

export type CodeEntry = { id: number; code: string; name: string; active: boolean };
export type CodeBook = Record<Field, { byCode: Map<string, CodeEntry>; byId: Map<number, CodeEntry> }>;
export type CodeTexts = Record<Field, string>;
export type CodeIds = { glAccountId: number | null; costCentreId: number | null; taxCodeId: number | null };

export const idKey = (f: Field) => `${f}Id` as keyof CodeIds;

export async function loadCodeBook(db: Db, companyId: number): Promise<CodeBook> {
  const entries = await Promise.all(
    FIELDS.map((f) => db<CodeEntry[]>`select id::int, code, name, active from ${db(TABLES[f])} where company_id = ${companyId} order by code`),
  );
  const book = {} as CodeBook;
  FIELDS.forEach((f, i) => {
    const list = entries[i]!;
    book[f] = { byCode: new Map(list.map((e) => [e.code, e])), byId: new Map(list.map((e) => [e.id, e])) };
  });
  return book;
}

/** Typed codes → ids; an unknown or inactive code (unless already on the line) is an error for its field. */
export function resolveCodes(book: CodeBook, texts: CodeTexts, alreadyOnLine: CodeIds[] = []): { ids: CodeIds; errors: Partial<Record<Field, string>> } {
  const ids: CodeIds = { glAccountId: null, costCentreId: null, taxCodeId: null };
  const errors: Partial<Record<Field, string>> = {};
  for (const f of FIELDS) {
    const code = texts[f].trim();
    if (!code) continue;
    const entry = book[f].byCode.get(code);
    if (!entry) errors[f] = `There is no ${FIELD_LABELS[f]} ${code} in this company.`;
    else if (!entry.active && !alreadyOnLine.some((c) => c[idKey(f)] === entry.id)) errors[f] = `${FIELD_LABELS[f]} ${code} is deactivated.`;
    else ids[idKey(f)] = entry.id;
  }
  return { ids, errors };
}

/** Codes a rule names, resolved to active codes of the company (unknown or inactive ones are left out). */
export function resolveActive(book: CodeBook, texts: Partial<Record<Field, string | null>>): CodeIds {
  const ids: CodeIds = { glAccountId: null, costCentreId: null, taxCodeId: null };
  for (const f of FIELDS) {
    const entry = texts[f] ? book[f].byCode.get(texts[f]!.trim()) : undefined;
    if (entry?.active) ids[idKey(f)] = entry.id;
  }
  return ids;
}

export const hasAnyCode = (ids: CodeIds) => ids.glAccountId !== null || ids.costCentreId !== null || ids.taxCodeId !== null;
