/*
 * CSV import of master data: columns code, name and optionally active (yes/no, true/false,
 * 1/0; empty = yes). Every row is checked and reported on its own; nothing is written
 * unless the person confirms a preview without errors.
 */
import { readCsv } from './csv';
import type { Code } from './queries';

export type ImportRow = { line: number; code: string; name: string; active: boolean; activeText: string; change: 'new' | 'update' | 'same'; error?: string };
export type ImportPreview = { rows: ImportRow[]; errorCount: number } | { error: string };

const ACTIVE: Record<string, boolean> = { '': true, yes: true, y: true, true: true, '1': true, active: true, no: false, n: false, false: false, '0': false, inactive: false };

export function previewCodesImport(text: string, existing: Code[]): ImportPreview {
  const table = readCsv(text, ['code', 'name']);
  if ('error' in table) return table;
  const known = new Map(existing.map((c) => [c.code, c]));
  const seen = new Map<string, number>();
  const rows = table.rows.map(({ line, values }): ImportRow => {
    const code = values.code ?? '';
    const name = values.name ?? '';
    const activeText = (values.active ?? '').toLowerCase();
    const active = ACTIVE[activeText];
    const before = known.get(code);
    const change = !before ? 'new' : before.name === name && before.active === (active ?? true) ? 'same' : 'update';
    const row: ImportRow = { line, code, name, active: active ?? true, activeText: values.active ?? '', change };
    if (!code) row.error = 'The code is empty.';
    else if (code.length > 50) row.error = 'The code is longer than 50 characters.';
    else if (!name) row.error = 'The name is empty.';
    else if (name.length > 200) row.error = 'The name is longer than 200 characters.';
    else if (active === undefined) row.error = `"${values.active}" is not yes or no.`;
    else if (seen.has(code)) row.error = `Code ${code} is already on line ${seen.get(code)}.`;
    if (code && !seen.has(code)) seen.set(code, line);
    return row;
  });
  return { rows, errorCount: rows.filter((r) => r.error).length };
}
