/*
 * The filtered list as CSV, streamed: a postgres.js cursor reads CSV_BATCH rows at a time
 * into csv-stringify, and the pipe's backpressure holds the next batch until the client
 * took the last, so a million-row export holds about one batch in memory. Same visibility
 * and filters as the page; amounts are the exact numeric text. Text cells that a
 * spreadsheet would run as a formula get a leading apostrophe.
 */
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import type { Logger } from '../logger';
import { filterCondition, type Filters } from './filters';
import { LIST_COLUMNS, LIST_JOINS, type InvoiceListRow } from './list-query';
import { SORTS } from './sorts';
import { statusLabel } from './statuses';
import { visibleInvoices } from './visibility';

const CSV_BATCH = 500;

const HEADER = ['Invoice id', 'Invoice number', 'Document type', 'Supplier', 'Supplier VAT id', 'Company', 'Issue date', 'Due date', 'Total', 'Currency',
  'Status', 'Status reason', 'Document group', 'Possible duplicate of', 'Warnings', 'Attachments', 'invScannedBy', 'Received at'];

/** A text cell a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe. */
export const spreadsheetSafe = (value: string | null) => (value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * CRLF rows. csv-stringify quotes a cell holding the record delimiter, not a lone LF or CR,
 * which most readers would still take for the end of the row: quote those too.
 */
export const CSV_WRITE_OPTIONS = { record_delimiter: '\r\n', quoted_match: /[\r\n]/ } as const;

export function csvRecord(r: InvoiceListRow): (string | number | null)[] {
  const t = spreadsheetSafe;
  return [
    r.id, t(r.invoiceNumber), t(r.documentType), t(r.sellerName), t(r.sellerVatId), t(r.companyName),
    r.issueDate, r.dueDate, r.total, t(r.currency), t(statusLabel(r.status)), t(r.statusReason),
    t(r.groupName ?? 'Unassigned'), r.duplicateOf, r.warningCount, r.attachmentCount, t(r.invScannedBy),
    r.receivedAt.toISOString(),
  ];
}

export function invoicesCsv(sql: Sql, user: CurrentUser, f: Filters, log?: Pick<Logger, 'error'>): ReadableStream<Uint8Array> {
  const sort = SORTS[f.sort];
  const order = f.dir === 'asc' ? sql`${sort.value(sql)} asc, i.id asc` : sql`${sort.value(sql)} desc, i.id desc`;
  const cursor = sql<InvoiceListRow[]>`
    select ${LIST_COLUMNS(sql)} from invoices i ${LIST_JOINS(sql)}
    where ${visibleInvoices(sql, user)} and ${filterCondition(sql, f)}
    order by ${order}`.cursor(CSV_BATCH);
  async function* records() {
    for await (const batch of cursor) for (const row of batch) yield csvRecord(row);
  }
  // pipeline, not pipe: a client that goes away destroys the source too, which closes the cursor.
  // A failing query destroys the CSV stream with the error, the web stream errors with it and the
  // server aborts the connection: the client sees a failed download, never a short file with 200.
  const csv = pipeline(Readable.from(records()), stringify({ ...CSV_WRITE_OPTIONS, bom: true, header: true, columns: HEADER }), (error) => {
    if (error && (error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') log?.error({ err: error }, 'CSV export failed; the download was aborted');
  });
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
