import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PAGE_SIZE } from '../../src/invoices/list-query';
import { SORTS, type SortKey } from '../../src/invoices/sorts';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, numbersIn, pagerLink, type InvoiceAttrs } from './helpers';

/** Few distinct values, so every sort has long runs of ties that only the id separates. */
const SUPPLIERS = ['Alpha', 'Beta', null, 'Gamma'];
const TOTALS = ['10.00', '10.00', '250.50', '-3.00', '999999.99'];
const STATUSES = ['received', 'in_review', 'ready', 'approved', 'on_hold', 'rejected'];
const attrsOf = (n: number, prefix: string): InvoiceAttrs => ({
  number: `${prefix}-${String(n % 7).padStart(2, '0')}-${n}`,
  sellerName: SUPPLIERS[n % SUPPLIERS.length]!,
  issueDate: `2026-0${1 + (n % 3)}-1${n % 5}`,
  dueDate: n % 4 === 0 ? null : `2026-0${4 + (n % 2)}-0${1 + (n % 3)}`,
  total: TOTALS[n % TOTALS.length]!,
  status: STATUSES[n % STATUSES.length]!,
  receivedAt: new Date(Date.UTC(2026, 0, 1) + (n % 9) * 1000), // equal timestamps too
});

describe('My Invoices: keyset paging', () => {
  const t = useTestApp();
  let user: Browserless;
  let arrived = 0;
  before(async () => {
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    user = new Browserless(t.app.url);
    await user.signIn(fa.email, fa.password);
    await insertInvoiceRows(t.db.sql, Array.from({ length: 2 * PAGE_SIZE + 17 }, (_, n) => attrsOf(n, 'OLD')));
    // timestamps finer than a millisecond, as now() gives them: a cursor must keep every digit
    await t.db.sql`update invoices set received_at = received_at + (id % 3) * interval '457 microseconds'`;
  });

  for (const sort of Object.keys(SORTS) as SortKey[]) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`pages by ${sort} ${dir} without gaps or repeats while invoices arrive`, async () => {
        // Setup: what was there before paging started
        const before = await t.db.sql<{ invoiceNumber: string }[]>`select invoice_number from invoices where invoice_number like 'OLD-%'`;
        const seen: string[] = [];
        // Action: walk the pages, with new invoices arriving between them
        let path: string | undefined = `/invoices?sort=${sort}&dir=${dir}`;
        const pages: string[][] = [];
        while (path) {
          const res = await user.get(path);
          assert.equal(res.status, 200, path);
          pages.push(numbersIn(res.text));
          seen.push(...numbersIn(res.text));
          await insertInvoiceRows(t.db.sql, [0, 1, 2].map(() => ({ ...attrsOf(arrived, 'NEW'), receivedAt: new Date(Date.UTC(2026, 0, 1) + (arrived++ % 9) * 1000) })));
          path = pagerLink(res.text, 'next');
        }
        // Assertions: every invoice there at the start was seen exactly once
        assert.equal(new Set(seen).size, seen.length, 'no invoice on two pages');
        for (const { invoiceNumber } of before) assert.ok(seen.includes(invoiceNumber), `${invoiceNumber} was not skipped`);
        assert.ok(pages.length >= 3);
        assert.ok(pages.slice(0, -1).every((p) => p.length === PAGE_SIZE));
      });
    }
  }

  it('goes back a page with the previous link and finds the same rows', async () => {
    const first = await user.get('/invoices?sort=supplier&dir=asc');
    const second = await user.get(pagerLink(first.text, 'next')!);
    const back = await user.get(pagerLink(second.text, 'prev')!);
    assert.deepEqual(numbersIn(back.text), numbersIn(first.text));
    assert.equal(pagerLink(back.text, 'prev'), undefined, 'nothing before the first page');
  });
});
