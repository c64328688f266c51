/*
 * The filtered list as CSV, streamed: a postgres.js cursor reads CSV_BATCH rows at a time
 * and each batch is written out before the next is read, so a million-row export holds one
 * batch in memory. Same visibility and filters as the page; amounts are the exact numeric
 * text. Text cells that a spreadsheet would run as a formula get a leading apostrophe.
 */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { filterCondition, type Filters } from './filters';
import { LIST_COLUMNS, LIST_JOINS, type InvoiceListRow } from './list-query';
import { SORTS } from './sorts';
import { statusLabel } from './statuses';
import { visibleInvoices } from './visibility';

const CSV_BATCH = 500;

const HEADER = ['Invoice id', 'Invoice number', 'Document type', 'Supplier', 'Supplier VAT id', 'Company', 'Issue date', 'Due date', 'Total', 'Currency',
  'Status', 'Status reason', 'Document group', 'Possible duplicate of', 'Warnings', 'Attachments', 'invScannedBy', 'Received at'];

const cell = (value: string | number | null, text = true) => {
  if (value === null) return '';
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function csvLine(r: InvoiceListRow): string {
  return [
    cell(r.id, false), cell(r.invoiceNumber), cell(r.documentType), cell(r.sellerName), cell(r.sellerVatId), cell(r.companyName),
    cell(r.issueDate, false), cell(r.dueDate, false), cell(r.total, false), cell(r.currency), cell(statusLabel(r.status)), cell(r.statusReason),
    cell(r.groupName ?? 'Unassigned'), cell(r.duplicateOf, false), cell(r.warningCount, false), cell(r.attachmentCount, false), cell(r.invScannedBy),
    cell(r.receivedAt.toISOString(), false),
  ].join(',') + '\r\n';
}

export function invoicesCsv(sql: Sql, user: CurrentUser, f: Filters): ReadableStream<Uint8Array> {
  const sort = SORTS[f.sort];
  const order = f.dir === 'asc' ? sql`${sort.value(sql)} asc, i.id asc` : sql`${sort.value(sql)} desc, i.id desc`;
  const batches = sql<InvoiceListRow[]>`
    select ${LIST_COLUMNS(sql)} from invoices i ${LIST_JOINS(sql)}
    where ${visibleInvoices(sql, user)} and ${filterCondition(sql, f)}
    order by ${order}`.cursor(CSV_BATCH)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`\uFEFF${HEADER.join(',')}\r\n`));
    },
    async pull(controller) {
      const { done, value } = await batches.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value.map(csvLine).join('')));
    },
    async cancel() {
      await batches.return?.();
    },
  });
}
