/*
 * A first sync can grow the invoice tables from nothing to tens of thousands of rows within
 * a minute, before autovacuum's next look. Until then the planner believes the tables are
 * tiny and picks sequential scans for the import's id lookups, so each batch gets slower as
 * the table grows. Later, each new company's invoices are missing from the statistics of
 * company, group and received time until autovacuum catches up, and My Invoices planned
 * without them ran seconds per page from the middle of a five-company import. So the sync
 * analyzes the tables itself, counting every sync's invoices, not only its own.
 */
import type { Sql } from '../db/connection';

/*
 * While the tables are new: the columns the import's statements look rows up by. The planner also needs each table's
 * size, which any ANALYZE updates, and once it has one it scales it by the table's current pages, so the import's
 * lookups need no second look. Every column of these tables took ~300 ms of PostgreSQL CPU at 4,000 invoices, these ~50 ms.
 */
const IMPORT_TABLES = [
  'documents (id, pagero_document_id)',
  'invoices (id, document_id, company_id, status, seller_vat_id, invoice_number, issue_date, payable_amount, received_at, order_reference)',
  'invoice_groups (invoice_id, group_id, status, company_id, received_at)',
  'invoice_lines (invoice_id)',
  'invoice_tax_breakdowns (invoice_id)',
  'invoice_line_matches (invoice_id, invoice_line_id, purchase_order_line_id)',
].join(', ');
/*
 * After that, as the invoices grow by a fifth: only what My Invoices' plans depend on and an import moves (which companies
 * and groups hold how many, the newest received time). ~180 ms at 50,000 invoices, where all of IMPORT_TABLES took ~460–560 ms
 * (invoice_lines alone 200 ms): the keeper once analyzed those every 200 documents and cost the import half its speed
 * (BENCHMARKS.md "Searches and planner statistics during the import").
 */
const LIST_COLUMNS = 'invoices (company_id, status, received_at), invoice_groups (group_id, status, company_id, received_at)';
const FIRST_ANALYZE_AFTER = 500;
const SHARE_GROWN = 0.2;
/** How many stored documents between two looks at the server's counters (one cheap query each). */
const CHECK_EVERY = 200;
const ANALYZE_LOCK = 7311020;

/** Returns a callback to tell it how many documents were just stored. */
export function statisticsKeeper(sql: Sql) {
  // This sync's own count since its last ANALYZE: the server's counters lag up to a second behind a busy backend.
  let added = 0;
  let sinceCheck = 0;
  let threshold = FIRST_ANALYZE_AFTER;
  return async (stored: number) => {
    added += stored;
    sinceCheck += stored;
    if (sinceCheck < CHECK_EVERY && added < threshold) return;
    sinceCheck = 0;
    const { live, analyzed } = await invoiceCounts(sql);
    const grown = Math.max(added, live - analyzed);
    threshold = Math.max(FIRST_ANALYZE_AFTER, SHARE_GROWN * analyzed);
    if (grown < threshold) return;
    // "doubled" is only reachable while the tables are small: later a fifth always comes first
    await analyzeUnlessAnotherIs(sql, grown >= Math.max(FIRST_ANALYZE_AFTER, analyzed) ? IMPORT_TABLES : LIST_COLUMNS);
    added = 0;
    threshold = Math.max(FIRST_ANALYZE_AFTER, SHARE_GROWN * (await invoiceCounts(sql)).analyzed);
  };
}

/*
 * The invoices the server counts now against those its last ANALYZE saw (anyone's, autovacuum's too). Not
 * n_mod_since_analyze: an ANALYZE of some columns leaves that counter running, for autovacuum's full one.
 */
async function invoiceCounts(sql: Sql): Promise<{ live: number; analyzed: number }> {
  const [row] = await sql<{ live: number; analyzed: number }[]>`
    select pg_stat_get_live_tuples(oid)::float8 as live, greatest(reltuples, 0)::float8 as analyzed
    from pg_class where oid = 'invoices'::regclass`;
  return row ?? { live: 0, analyzed: 0 };
}

/** Two workers past the threshold together analyze once: the second finds the lock taken and goes on storing. */
async function analyzeUnlessAnotherIs(sql: Sql, tables: string) {
  await sql.begin(async (tx) => {
    const [{ locked }] = (await tx`select pg_try_advisory_xact_lock(${ANALYZE_LOCK}) as locked`) as unknown as [{ locked: boolean }];
    if (locked) await tx.unsafe(`analyze ${tables}`);
  });
}
