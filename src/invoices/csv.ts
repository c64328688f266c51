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
import { signed } from '../format/numbers';
import { filterCondition, type Filters } from './filters';
import { LIST_COLUMNS, LIST_JOINS, type InvoiceListRow } from './list-query';
import { SORTS } from './sorts';
import { statusLabel } from './statuses';
import { visibleInvoices } from './visibility';

const CSV_BATCH = 500;

const HEADER = ['Invoice id', 'Invoice number', 'Document type', 'Supplier', 'Supplier VAT id', 'Company', 'Issue date', 'Due date', 'Total', 'Currency',
  'Status', 'Status reason', 'Document group', 'Possible duplicate of', 'Warnings', 'Attachments', 'Received via', 'Received at',
  'Net', 'Tax', 'Payment terms', 'IBAN', 'PO', 'Coding', 'Approved by', 'Approved at'];

/** What a clerk hands on besides the list's columns: amounts, payment data, coding and approval (issue 18). */
type ExportRow = InvoiceListRow & {
  net: string | null; tax: string | null; paymentTerms: string | null; payeeIban: string | null; orderReference: string | null;
  codingSummary: string | null; approvedBy: string | null; approvedAt: Date | null;
};

const EXPORT_COLUMNS = (sql: Sql) => sql`
  i.tax_exclusive_amount::text as net, i.tax_amount::text as tax, i.payment_terms, i.payee_iban, i.order_reference,
  (select string_agg(distinct concat_ws(' / ', ga.code, cc.code), ', ')
     from invoice_lines l join invoice_line_codings lc on lc.invoice_line_id = l.id
     left join gl_accounts ga on ga.id = lc.gl_account_id left join cost_centres cc on cc.id = lc.cost_centre_id
     where l.invoice_id = i.id) as coding_summary,
  ap.approved_by, ap.approved_at`;

const APPROVAL = (sql: Sql) => sql`
  left join lateral (
    select u.first_name || ' ' || u.last_name as approved_by, e.at as approved_at
    from invoice_events e left join users u on u.id = e.actor_id
    where e.invoice_id = i.id and e.action = 'status' and e.to_status = 'approved'
    order by e.at desc, e.id desc limit 1) ap on true`;

/** The "Possible duplicate of" cell when the earlier invoice is in a group the user is not in: flagged, not named. */
export const HIDDEN_DUPLICATE = 'an invoice you cannot see';

/** "Semicolon, decimal comma": what Excel in most of Europe opens as columns and numbers. */
export type CsvDialect = 'comma' | 'semicolon';
const decimalComma = (value: string | null) => (value === null ? null : value.replace('.', ','));

/** A text cell a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe. */
export const spreadsheetSafe = (value: string | null) => (value !== null && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * CRLF rows. csv-stringify quotes a cell holding the record delimiter, not a lone LF or CR,
 * which most readers would still take for the end of the row: quote those too.
 */
export const CSV_WRITE_OPTIONS = { record_delimiter: '\r\n', quoted_match: /[\r\n]/ } as const;

export function csvRecord(r: ExportRow, dialect: CsvDialect = 'comma'): (string | number | null)[] {
  const t = spreadsheetSafe;
  const plain = dialect === 'semicolon' ? decimalComma : (value: string | null) => value;
  // a credit note's amounts negative, as the list shows and sums them, so a spreadsheet's sum agrees with the list's
  const n = (value: string | null) => plain(value === null ? null : signed(value, r.documentType));
  return [
    r.id, t(r.invoiceNumber), t(r.documentType), t(r.sellerName), t(r.sellerVatId), t(r.companyName),
    r.issueDate, r.dueDate, n(r.total), t(r.currency), t(statusLabel(r.status)), t(r.statusReason),
    t(r.groupName ?? 'Unassigned'), r.duplicateOf ?? (r.possibleDuplicate ? HIDDEN_DUPLICATE : null), r.warningCount, r.attachmentCount, t(r.invScannedBy),
    r.receivedAt.toISOString(),
    n(r.net), n(r.tax), t(r.paymentTerms), t(r.payeeIban), t(r.orderReference), t(r.codingSummary), t(r.approvedBy), r.approvedAt?.toISOString() ?? null,
  ];
}

export function invoicesCsv(sql: Sql, user: CurrentUser, f: Filters, dialect: CsvDialect = 'comma', log?: Pick<Logger, 'error'>): ReadableStream<Uint8Array> {
  const sort = SORTS[f.sort];
  const order = f.dir === 'asc' ? sql`${sort.value(sql)} asc, i.id asc` : sql`${sort.value(sql)} desc, i.id desc`;
  const cursor = sql<ExportRow[]>`
    select ${LIST_COLUMNS(sql, user)}, ${EXPORT_COLUMNS(sql)} from invoices i ${LIST_JOINS(sql)} ${APPROVAL(sql)}
    where ${visibleInvoices(sql, user)} and ${filterCondition(sql, f)}
    order by ${order}`.cursor(CSV_BATCH);
  async function* records() {
    for await (const batch of cursor) for (const row of batch) yield csvRecord(row, dialect);
  }
  // pipeline, not pipe: a client that goes away destroys the source too, which closes the cursor.
  // A failing query destroys the CSV stream with the error, the web stream errors with it and the
  // server aborts the connection: the client sees a failed download, never a short file with 200.
  const options = { ...CSV_WRITE_OPTIONS, delimiter: dialect === 'semicolon' ? ';' : ',', bom: true, header: true, columns: HEADER };
  const csv = pipeline(Readable.from(records()), stringify(options), (error) => {
    if (error && (error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') log?.error({ err: error }, 'CSV export failed; the download was aborted');
  });
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
