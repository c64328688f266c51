/*
 * migrations/0032: invoice lines and tax rows check their invoice once per statement (a trigger) instead of
 * once per row (a foreign key); the guarantees must stay those of the foreign key. migrations/0042: invoices the
 * same transaction wrote are only counted, not locked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestDatabase } from '../helpers/database';
import { makeCompany, makeInvoice } from '../coding/factory';

describe('invoice lines and tax rows belong to an existing invoice', () => {
  const t = useTestDatabase();

  it('refuses lines and tax rows of an invoice that does not exist, as a foreign key would (23503)', async () => {
    const company = await makeCompany(t.db.sql);
    const invoice = await makeInvoice(t.db.sql, { companyId: company }, [{}]);
    await assert.rejects(
      t.db.sql`insert into invoice_lines (invoice_id, position) values (${invoice.id}, 5), (${invoice.id + 1000}, 0)`,
      (error: { code?: string }) => error.code === '23503',
    );
    await assert.rejects(
      t.db.sql`insert into invoice_tax_breakdowns (invoice_id, position) values (${invoice.id + 1000}, 0)`,
      (error: { code?: string }) => error.code === '23503',
    );
    await assert.rejects(t.db.sql`update invoice_lines set invoice_id = ${invoice.id + 1000} where invoice_id = ${invoice.id}`, (error: { code?: string }) => error.code === '23503');
    const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from invoice_lines where invoice_id = ${invoice.id}`;
    assert.equal(row!.n, 1, 'nothing of the refused statements was written');
  });

  it('locks an invoice another transaction committed, so that it cannot be deleted before the lines commit', async () => {
    const company = await makeCompany(t.db.sql);
    const invoice = await makeInvoice(t.db.sql, { companyId: company }, [{}]);
    const writer = await t.db.sql.reserve();
    try {
      await writer`begin`;
      await writer`insert into invoice_lines (invoice_id, position) values (${invoice.id}, 7)`;
      await assert.rejects(
        t.db.sql.begin(async (tx) => {
          await tx`set local lock_timeout = '300ms'`;
          await tx`delete from invoices where id = ${invoice.id}`;
        }),
        (error: { code?: string }) => error.code === '55P03',
        'the delete waits for the lines’ transaction',
      );
      await writer`commit`;
    } finally {
      writer.release();
    }
    const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from invoice_lines where invoice_id = ${invoice.id}`;
    assert.equal(row!.n, 2);
  });

  it('writes no lock into an invoice its own transaction inserted, and still refuses a missing one beside it', async () => {
    const company = await makeCompany(t.db.sql);
    await t.db.sql.begin(async (tx) => {
      const invoice = await makeInvoice(tx, { companyId: company }, [{}, {}]);
      await tx`insert into invoice_tax_breakdowns (invoice_id, position) values (${invoice.id}, 0)`;
      const [row] = await tx<{ locked: boolean }[]>`select xmax <> '0'::xid as locked from invoices where id = ${invoice.id}`;
      assert.equal(row!.locked, false, 'no FOR KEY SHARE written into the new row');
      await assert.rejects(
        tx.savepoint((sp) => sp`insert into invoice_lines (invoice_id, position) values (${invoice.id}, 2), (${invoice.id + 1000}, 0)`),
        (error: { code?: string }) => error.code === '23503',
      );
    });
  });

  it('deletes an invoice’s lines (with their codings and matches) and tax rows with it', async () => {
    const company = await makeCompany(t.db.sql);
    const kept = await makeInvoice(t.db.sql, { companyId: company }, [{}, {}]);
    const gone = await makeInvoice(t.db.sql, { companyId: company }, [{}, {}, {}]);
    await t.db.sql`insert into invoice_tax_breakdowns (invoice_id, position) values (${kept.id}, 0), (${gone.id}, 0)`;
    await t.db.sql`insert into invoice_line_matches (invoice_line_id, invoice_id, outcome, mode) values (${gone.lineIds[0]!}, ${gone.id}, 'no_po_line', 'two_way')`;
    await t.db.sql`delete from invoices where id = ${gone.id}`;
    const counts = async (id: number) =>
      (await t.db.sql<{ lines: number; taxes: number; matches: number }[]>`
        select (select count(*)::int from invoice_lines where invoice_id = ${id}) as lines,
               (select count(*)::int from invoice_tax_breakdowns where invoice_id = ${id}) as taxes,
               (select count(*)::int from invoice_line_matches where invoice_id = ${id}) as matches`)[0];
    assert.deepEqual(await counts(gone.id), { lines: 0, taxes: 0, matches: 0 });
    assert.deepEqual(await counts(kept.id), { lines: 2, taxes: 1, matches: 0 });
  });
});
