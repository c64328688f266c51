import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statisticsKeeper } from '../../src/invoices/statistics';
import { useTestDatabase } from '../helpers/database';

describe('Invoices > planner statistics during a first big import', () => {
  const t = useTestDatabase();

  const analyzedInvoices = async () =>
    (await t.db.sql<{ n: number }[]>`select analyze_count::int as n from pg_stat_user_tables where relname = 'invoices'`)[0]!.n;

  it('analyzes the invoice tables after the first 500 documents and then each time they have doubled', async () => {
    const stored = statisticsKeeper(t.db.sql);
    const before = await analyzedInvoices();
    await stored(499);
    assert.equal(await analyzedInvoices(), before, 'not before 500 documents');
    await stored(1);
    assert.equal(await analyzedInvoices(), before + 1);
    // the tables are empty here, so the next threshold is again 500 new documents
    await stored(300);
    assert.equal(await analyzedInvoices(), before + 1);
    await stored(200);
    assert.equal(await analyzedInvoices(), before + 2);
  });
});
