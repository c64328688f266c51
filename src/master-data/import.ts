/*
 * CSV import of master data: columns code, name and optionally active (yes/no, true/false,
 * 1/0; empty = yes). Every row is checked and reported on its own; nothing is written
 * unless the person confirms a preview without errors (then all rows at once, in one
 * transaction).
 *
 * One company's page imports into that company. Settings > Master data > Import for all
 * companies takes one file with a company column as well (company-key.ts: name, VAT number
 * or Pagero company id); a row whose company apdesk does not know is an error on its line. A
 * file with a company column imported on one company's page must name that company on every
 * row, so an all-companies file cannot land in a single company by mistake.
 */
import { readCsv, type CsvRow } from './csv';
import { companyResolver, type CompanyKey } from './company-key';
import type { Code } from './queries';

export type ImportRow = {
  line: number; code: string; name: string; active: boolean; activeText: string; change: 'new' | 'update' | 'same'; error?: string;
  /** all-companies files: the company as written, and as found */
  companyText?: string; company?: CompanyKey;
};
export type ImportPreview = { rows: ImportRow[]; errorCount: number } | { error: string };

const ACTIVE: Record<string, boolean> = { '': true, yes: true, y: true, true: true, '1': true, active: true, no: false, n: false, false: false, '0': false, inactive: false };

/** One row checked against the codes its company has and the rows before it (`seen`: key → first line). */
function checkRow({ line, values }: CsvRow, known: Map<string, Code>, seen: Map<string, number>, scope = ''): ImportRow {
  const code = values.code ?? '';
  const name = values.name ?? '';
  const activeText = (values.active ?? '').toLowerCase();
  const active = ACTIVE[activeText];
  const before = known.get(code);
  const change = !before ? 'new' : before.name === name && before.active === (active ?? true) ? 'same' : 'update';
  const row: ImportRow = { line, code, name, active: active ?? true, activeText: values.active ?? '', change };
  const key = `${scope}\u0000${code}`;
  if (!code) row.error = 'The code is empty.';
  else if (code.length > 50) row.error = 'The code is longer than 50 characters.';
  else if (!name) row.error = 'The name is empty.';
  else if (name.length > 200) row.error = 'The name is longer than 200 characters.';
  else if (active === undefined) row.error = `"${values.active}" is not yes or no.`;
  else if (seen.has(key)) row.error = `Code ${code} is already on line ${seen.get(key)}${scope ? ' for this company' : ''}.`;
  if (code && !seen.has(key)) seen.set(key, line);
  return row;
}

const result = (rows: ImportRow[]): ImportPreview => ({ rows, errorCount: rows.filter((r) => r.error).length });

/** One company's file. `own`: that company and every company, to check a company column if the file has one. */
export function previewCodesImport(text: string, existing: Code[], own?: { company: CompanyKey; companies: CompanyKey[] }): ImportPreview {
  const table = readCsv(text, ['code', 'name']);
  if ('error' in table) return table;
  const known = new Map(existing.map((c) => [c.code, c]));
  const seen = new Map<string, number>();
  const resolve = own && table.columns.includes('company') ? companyResolver(own.companies) : null;
  return result(table.rows.map((r) => {
    const row = checkRow(r, known, seen);
    if (resolve && own && !row.error) {
      const found = resolve(r.values.company ?? '');
      if (!found.ok) row.error = found.error;
      else if (found.company.id !== own.company.id) row.error = `This row is for ${found.company.name}, not ${own.company.name}: import a file for several companies under Settings > Master data > Import for all companies.`;
    }
    return row;
  }));
}

/** A file for all companies: each row names its company; `existing` holds each company's codes of this kind. */
export function previewAllCompaniesImport(text: string, companies: CompanyKey[], existing: Map<number, Code[]>): ImportPreview {
  const table = readCsv(text, ['company', 'code', 'name']);
  if ('error' in table) return table;
  const resolve = companyResolver(companies);
  const known = new Map([...existing].map(([id, codes]) => [id, new Map(codes.map((c) => [c.code, c]))]));
  const seen = new Map<string, number>();
  return result(table.rows.map((r) => {
    const companyText = r.values.company ?? '';
    const found = resolve(companyText);
    if (!found.ok) {
      const row = checkRow(r, new Map(), new Map());
      return { ...row, companyText, error: [found.error, row.error].filter(Boolean).join(' ') };
    }
    const row = checkRow(r, known.get(found.company.id) ?? new Map(), seen, String(found.company.id));
    return { ...row, companyText, company: found.company };
  }));
}
