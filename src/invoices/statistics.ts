/*
 * A first sync can grow the invoice tables from nothing to tens of thousands of rows within
 * a minute, before autovacuum's next look. Until then the planner believes the tables are
 * tiny and picks sequential scans for the import's id lookups, so each batch gets slower as
 * the table grows. The sync therefore analyzes the tables itself each time they have doubled.
 */
import type { Sql } from '../db/connection';

/*
 * Only the columns the import's own statements look rows up by: the planner also needs each table's size, which any
 * ANALYZE updates. Every column of the five tables took ~300 ms of PostgreSQL CPU at 4,000 invoices (invoice_lines'
 * fourteen columns 190 ms of it), these ~50 ms; the list's other columns get their statistics from autovacuum, which
 * analyzes the tables anyway as they grow.
 */
const TABLES = [
  'documents (id, pagero_document_id)',
  'invoices (id, document_id, company_id, status, seller_vat_id, invoice_number, issue_date, payable_amount, received_at, order_reference)',
  'invoice_lines (invoice_id)',
  'invoice_tax_breakdowns (invoice_id)',
  'invoice_line_matches (invoice_id, invoice_line_id, purchase_order_line_id)',
].join(', ');
const FIRST_ANALYZE_AFTER = 500;

/** Returns a callback to tell it how many documents were just stored. */
export function statisticsKeeper(sql: Sql) {
  let known: number | null = null;
  let added = 0;
  return async (stored: number) => {
    added += stored;
    known ??= await estimatedInvoices(sql);
    if (added < Math.max(FIRST_ANALYZE_AFTER, known)) return;
    await sql.unsafe(`analyze ${TABLES}`);
    known = await estimatedInvoices(sql);
    added = 0;
  };
}

async function estimatedInvoices(sql: Sql): Promise<number> {
  const [row] = await sql<{ rows: number }[]>`select greatest(reltuples, 0)::float8 as rows from pg_class where oid = 'invoices'::regclass`;
  return row?.rows ?? 0;
}
