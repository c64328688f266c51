import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { statisticsKeeper } from '../../src/invoices/statistics';
import { useTestDatabase } from '../helpers/database';

describe('Invoices > planner statistics during a big import', () => {
  const t = useTestDatabase();

  const analyzedInvoices = async () =>
    (await t.db.sql<{ n: number }[]>`select analyze_count::int as n from pg_stat_user_tables where relname = 'invoices'`)[0]!.n;
  const analyzedAssignments = async () =>
    (await t.db.sql<{ n: number }[]>`select analyze_count::int as n from pg_stat_user_tables where relname = 'invoice_groups'`)[0]!.n;

  let number = 0;
  /** Stores `count` invoices the way another worker's sync would: the keeper under test is not told. */
  async function storeElsewhere(count: number) {
    const [doc] = await t.db.sql<{ id: number }[]>`
      insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
      values ('upload', 'Upload', 'many.xml', 'application/xml', 10, 'x', convert_to('<Invoice/>', 'UTF8'), 'imported', 'test') returning id::int`;
    await t.db.sql`
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, tax_inclusive_amount, payable_amount, inv_scanned_by, status, received_at)
      select ${doc!.id}, n, 'ubl', 'invoice', 'STAT-' || (${number} + n), '2026-01-15', 'EUR', 1, 1, 'Pagero', 'received', now()
      from generate_series(1, ${count}) n`;
    number += count;
  }
  const analyzedLines = async () =>
    (await t.db.sql<{ n: number }[]>`select analyze_count::int as n from pg_stat_user_tables where relname = 'invoice_lines'`)[0]!.n;
  const analyzedRows = async () => (await t.db.sql<{ n: number }[]>`select reltuples::int as n from pg_class where oid = 'invoices'::regclass`)[0]!.n;
  /** The server counts a backend's inserts when it next flushes its statistics (within a second or so of going idle). */
  async function untilServerCounts(invoices: number) {
    for (let tries = 0; tries < 200; tries++) {
      const [row] = await t.db.sql<{ n: number }[]>`select pg_stat_get_live_tuples('invoices'::regclass)::int as n`;
      if (row!.n >= invoices) return;
      await sleep(100);
    }
    assert.fail(`the server never counted ${invoices} invoices`);
  }

  it('analyzes the invoice tables after the first 500 documents, and again after 500 more while they are small', async () => {
    const stored = statisticsKeeper(t.db.sql);
    const before = await analyzedInvoices();
    const assignmentsBefore = await analyzedAssignments();
    await stored(499);
    assert.equal(await analyzedInvoices(), before, 'not before 500 documents');
    await stored(1);
    assert.equal(await analyzedInvoices(), before + 1);
    assert.equal(await analyzedAssignments(), assignmentsBefore + 1, 'the group assignments My Invoices pages through too');
    // the tables are empty here, so the next threshold is again 500 new documents
    await stored(300);
    assert.equal(await analyzedInvoices(), before + 1);
    await stored(200);
    assert.equal(await analyzedInvoices(), before + 2);
  });

  it('analyzes a big table once a fifth of it is new, not only once it has doubled', async () => {
    await storeElsewhere(5000);
    await t.db.sql`analyze invoices`;
    const before = await analyzedInvoices();
    const [assignmentsBefore, linesBefore] = [await analyzedAssignments(), await analyzedLines()];
    const stored = statisticsKeeper(t.db.sql);
    await stored(999);
    assert.equal(await analyzedInvoices(), before, 'a fifth of 5,000 is 1,000');
    await stored(1);
    assert.equal(await analyzedInvoices(), before + 1);
    assert.equal(await analyzedAssignments(), assignmentsBefore + 1);
    assert.equal(await analyzedLines(), linesBefore, "the lines' statistics scale with their size: they are not read again");
  });

  it("counts the invoices other syncs stored since the last analyze, not only its own", async () => {
    await t.db.sql`analyze invoices`;
    const rows = await analyzedRows();
    const before = await analyzedInvoices();
    const stored = statisticsKeeper(t.db.sql);
    await stored(200);
    assert.equal(await analyzedInvoices(), before);
    await storeElsewhere(Math.ceil(rows / 5));
    await untilServerCounts(rows + Math.ceil(rows / 5));
    await stored(200);
    assert.equal(await analyzedInvoices(), before + 1, 'its own 400 documents are far below a fifth, the others pass it');
    assert.equal(await analyzedRows(), rows + Math.ceil(rows / 5));
    for (let i = 0; i < 4; i++) await stored(200);
    assert.equal(await analyzedInvoices(), before + 1, 'and, the others counted, not again until the next fifth');
  });

  it('two syncs past the threshold together analyze once', async () => {
    const before = await analyzedInvoices();
    const [one, two] = [statisticsKeeper(t.db.sql), statisticsKeeper(t.db.sql)];
    await t.db.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(7311020)`; // another worker's ANALYZE is running
      await two(100_000);
    });
    assert.equal(await analyzedInvoices(), before, 'the second went on without waiting');
    await one(100_000);
    assert.equal(await analyzedInvoices(), before + 1);
  });
});
