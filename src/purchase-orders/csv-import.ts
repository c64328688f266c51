/*
 * CSV import of purchase orders and goods receipts, one row per line (formats in README).
 * Rows of one PO (or receipt) share its number and must agree on its header columns. Each
 * row is checked on its own and reported by line number; nothing is stored unless the
 * whole file is clean and the person confirms the preview.
 */
import * as v from 'valibot';
import type { Db } from '../db/connection';
import { readCsv, type CsvRow } from '../master-data/csv';
import { GoodsReceiptSchema, issuesByPath, PurchaseOrderSchema, type GoodsReceiptInput, type PurchaseOrderInput } from './schemas';

export type PreviewRow = { line: number; number: string; lineNumber: string; summary: string; error?: string };
export type Preview<T> = { items: T[]; rows: PreviewRow[]; errorCount: number } | { error: string };

export const PO_COLUMNS = ['po_number', 'supplier_vat_id', 'supplier_name', 'currency', 'order_date', 'line_number', 'item_id', 'description', 'quantity', 'unit_price', 'tax_rate'] as const;
export const RECEIPT_COLUMNS = ['receipt_number', 'po_number', 'received_on', 'line_number', 'quantity'] as const;

const orNull = (s: string | undefined) => (s ? s : null);

export function previewPurchaseOrders(text: string): Preview<PurchaseOrderInput> {
  const table = readCsv(text, ['po_number', 'line_number', 'quantity', 'unit_price']);
  if ('error' in table) return table;
  return group(table.rows, 'po_number', (first) => ({
    company: '-',
    poNumber: first.po_number ?? '',
    supplier: { vatId: orNull(first.supplier_vat_id), name: orNull(first.supplier_name) },
    currency: orNull(first.currency),
    orderDate: orNull(first.order_date),
    lines: [] as unknown[],
  }), ['supplier_vat_id', 'supplier_name', 'currency', 'order_date'], (r) => ({
    lineNumber: r.line_number ?? '', itemId: orNull(r.item_id), description: orNull(r.description),
    quantity: r.quantity ?? '', unitPrice: r.unit_price ?? '', taxRate: orNull(r.tax_rate),
  }), PurchaseOrderSchema, (r) => `${r.quantity} × ${r.unit_price}${r.description ? ` — ${r.description}` : ''}`);
}

export function previewGoodsReceipts(text: string): Preview<GoodsReceiptInput> {
  const table = readCsv(text, ['receipt_number', 'po_number', 'line_number', 'quantity']);
  if ('error' in table) return table;
  return group(table.rows, 'receipt_number', (first) => ({
    company: '-', receiptNumber: first.receipt_number ?? '', poNumber: first.po_number ?? '', receivedOn: orNull(first.received_on), lines: [] as unknown[],
  }), ['po_number', 'received_on'], (r) => ({ lineNumber: r.line_number ?? '', quantity: r.quantity ?? '' }), GoodsReceiptSchema,
  (r) => `PO ${r.po_number}, quantity ${r.quantity}`);
}

/** Groups rows by a number column, checks header agreement and each line, then the whole item. */
function group<T>(
  rows: CsvRow[], key: string, header: (first: Record<string, string>) => { lines: unknown[] } & Record<string, unknown>,
  headerColumns: string[], line: (r: Record<string, string>) => unknown, schema: v.GenericSchema<unknown, T>, summary: (r: Record<string, string>) => string,
): Preview<T> {
  const groups = new Map<string, { first: Record<string, string>; item: { lines: unknown[] } & Record<string, unknown>; rows: PreviewRow[] }>();
  const previewRows: PreviewRow[] = [];
  for (const { line: lineNo, values } of rows) {
    const number = values[key] ?? '';
    const row: PreviewRow = { line: lineNo, number, lineNumber: values.line_number ?? '', summary: summary(values) };
    previewRows.push(row);
    if (!number) { row.error = `The ${key.replace('_', ' ')} is empty.`; continue; }
    let g = groups.get(number);
    if (!g) groups.set(number, (g = { first: values, item: header(values), rows: [] }));
    const differs = headerColumns.find((c) => (values[c] ?? '') !== (g.first[c] ?? ''));
    if (differs) { row.error = `${differs.replace('_', ' ')} differs from the first row of ${number}.`; continue; }
    const index = g.item.lines.length;
    g.item.lines.push(line(values));
    g.rows.push(row);
    const parsed = v.safeParse(schema, g.item);
    if (!parsed.success) {
      const mine = Object.entries(issuesByPath(parsed.issues)).find(([path]) => path.startsWith(`lines.${index}.`) || !path.startsWith('lines.'));
      if (mine) { row.error = describe(mine[0], mine[1]); g.item.lines.pop(); g.rows.pop(); }
    }
  }
  const items: T[] = [];
  for (const g of groups.values()) {
    const parsed = v.safeParse(schema, g.item);
    if (parsed.success) items.push(parsed.output);
    else for (const r of g.rows) r.error ??= Object.values(issuesByPath(parsed.issues))[0];
  }
  return { items, rows: previewRows, errorCount: previewRows.filter((r) => r.error).length };
}

const describe = (path: string, message: string) => `${path.split('.').at(-1)}: ${message}`;

/** Receipts name POs and PO lines that must already exist in the company. */
export async function checkReceiptsAgainstOrders(db: Db, companyId: number, preview: Exclude<Preview<GoodsReceiptInput>, { error: string }>) {
  const numbers = [...new Set(preview.items.map((r) => r.poNumber))];
  const known = await db<{ poNumber: string; lineNumber: string }[]>`
    select po.po_number, l.line_number from purchase_orders po join purchase_order_lines l on l.purchase_order_id = po.id
    where po.company_id = ${companyId} and po.po_number = any(${numbers}::text[])`;
  const pos = new Set(known.map((k) => k.poNumber));
  const lines = new Set(known.map((k) => `${k.poNumber}\n${k.lineNumber}`));
  const poOf = new Map(preview.items.map((r) => [r.receiptNumber, r.poNumber]));
  for (const row of preview.rows) {
    const po = poOf.get(row.number);
    if (row.error || !po) continue;
    if (!pos.has(po)) row.error = `There is no purchase order ${po} in this company.`;
    else if (!lines.has(`${po}\n${row.lineNumber}`)) row.error = `Purchase order ${po} has no line ${row.lineNumber}.`;
  }
  preview.errorCount = preview.rows.filter((r) => r.error).length;
}
