/*
 * Reading an imported CSV with csv-parse: comma or semicolon separated (whichever the header
 * line uses more), double-quoted fields with "" escapes and line breaks inside quotes (read as
 * LF), CRLF, LF or CR lines, an optional UTF-8 BOM. The first line names the columns (case-insensitive,
 * spaces and dashes read as underscores). Each row keeps the line it starts on for error
 * messages; a parse failure becomes one sentence with its line.
 */
import { CsvError, parse } from 'csv-parse/sync';

export type CsvRow = { line: number; values: Record<string, string> };
export type CsvTable = { columns: string[]; rows: CsvRow[] } | { error: string };

export const MAX_CSV_ROWS = 10_000;

type Parsed = { record: string[]; info: { lines: number } };

const lineBreaks = (s: string) => s.match(/\n/g)?.length ?? 0;

export function readCsv(text: string, required: readonly string[]): CsvTable {
  // One kind of line break first: csv-parse counts lines wrongly across mixed or CRLF breaks.
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = body.split('\n', 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let parsed: Parsed[];
  try {
    parsed = parse(body, { delimiter, record_delimiter: '\n', relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as Parsed[];
  } catch (error) {
    if (error instanceof CsvError) return { error: parseProblem(error) };
    throw error;
  }
  // info.lines is the line a record ends on; a quoted field with line breaks started earlier.
  const records = parsed.map(({ record, info }) => ({ fields: record, line: info.lines - record.reduce((n, f) => n + lineBreaks(f), 0) }));
  const [header, ...rest] = records;
  if (!header || header.fields.every((f) => !f.trim())) return { error: 'The file is empty: the first line must name the columns.' };
  const columns = header.fields.map((f) => f.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length) return { error: `The header line (the first line) needs the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `“${c}”`).join(' and ')}; it has ${columns.filter(Boolean).map((c) => `“${c}”`).join(', ') || 'none'}.` };
  const rows = rest
    .filter((r) => r.fields.some((f) => f.trim() !== ''))
    .map((r) => ({ line: r.line, values: Object.fromEntries(columns.map((c, i) => [c, (r.fields[i] ?? '').trim()])) }));
  if (rows.length === 0) return { error: 'The file has a header but no rows.' };
  if (rows.length > MAX_CSV_ROWS) return { error: `The file has ${rows.length} rows; import at most ${MAX_CSV_ROWS} at a time.` };
  return { columns, rows };
}

function parseProblem(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `A quoted field is never closed: the file ends inside quotes (line ${line}).`;
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE') return `Line ${line}: a closing quote is followed by more text; write a quote inside a quoted field as "".`;
  return `Line ${line ?? '?'}: this is not readable CSV (${error.message}).`;
}
