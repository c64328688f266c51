/*
 * A small CSV reader (RFC 4180): comma or semicolon separated (whichever the header line
 * uses more), double-quoted fields with "" escapes and line breaks inside quotes, CRLF or
 * LF, an optional UTF-8 BOM. The first line names the columns (case-insensitive, spaces and
 * dashes read as underscores). Each row keeps its line number for error messages.
 */
export type CsvRow = { line: number; values: Record<string, string> };
export type CsvTable = { columns: string[]; rows: CsvRow[] } | { error: string };

export const MAX_CSV_ROWS = 10_000;

export function readCsv(text: string, required: readonly string[]): CsvTable {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const separator = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records = splitRecords(body, separator);
  if ('error' in records) return records;
  const [header, ...rest] = records.rows;
  if (!header || header.fields.every((f) => !f.trim())) return { error: 'The file is empty: the first line must name the columns.' };
  const columns = header.fields.map((f) => f.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length) return { error: `The first line must name the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.` };
  const rows = rest
    .filter((r) => r.fields.some((f) => f.trim() !== ''))
    .map((r) => ({ line: r.line, values: Object.fromEntries(columns.map((c, i) => [c, (r.fields[i] ?? '').trim()])) }));
  if (rows.length === 0) return { error: 'The file has a header but no rows.' };
  if (rows.length > MAX_CSV_ROWS) return { error: `The file has ${rows.length} rows; import at most ${MAX_CSV_ROWS} at a time.` };
  return { columns, rows };
}

function splitRecords(text: string, sep: string): { rows: { line: number; fields: string[] }[] } | { error: string } {
  const rows: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep) { fields.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ line: startLine, fields });
      fields = []; field = ''; line++; startLine = line;
    } else field += ch;
  }
  if (quoted) return { error: `A quoted field that starts on line ${startLine} is never closed.` };
  if (field !== '' || fields.length) { fields.push(field); rows.push({ line: startLine, fields }); }
  return { rows };
}
