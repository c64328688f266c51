/*
 * A clerk's My Invoices in received order is read from her groups' invoice_groups rows
 * (src/invoices/clerk-list.ts, migrations/0038): the same rows in the same order as the general
 * query, across several groups with equal received times, the invoices waiting for her approval
 * outside her groups included, and following reassignments.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { reassignAllInvoices } from '../../src/groups/assign';
import { listPage, listRows, type Position } from '../../src/invoices/list-query';
import { parseFilters } from '../../src/invoices/filters';
import { decodeCursor, type Cursor } from '../../src/invoices/sorts';
import { OPEN_STATUSES } from '../../src/invoices/statuses';
import { seedLoadShape } from '../../bench/pages/seed';
import { makeApprovalRule, when } from '../approvals/factory';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { useTestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeGroup, numbersIn, pagerLink } from './helpers';

const STATUSES = ['received', 'in_review', 'ready', 'exported', 'approved', 'on_hold', 'cancelled'];
const byCurrency = (currency: string) => ({ join: 'and', children: [{ field: 'currency', op: 'equals', value: currency }] });

describe("a clerk's list from her groups' rows", () => {
  const t = useTestApp();
  let clerk: Browserless;
  let clerkId: number;
  let groups: { a: number; b: number; c: number };

  before(async () => {
    const sql = t.db.sql;
    const user = await makeUser(sql, { roles: ['ap_specialist'] });
    clerkId = user.id;
    clerk = new Browserless(t.app.url);
    await clerk.signIn(user.email, user.password);
    const adminUser = await makeUser(sql, { roles: ['ap_admin'] });
    const admin = new Browserless(t.app.url);
    await admin.signIn(adminUser.email, adminUser.password);
    // her groups A (EUR) and B (SEK); C (DKK) is someone else's
    groups = { a: await makeGroup(sql, 'A', [clerkId]), b: await makeGroup(sql, 'B', [clerkId]), c: await makeGroup(sql, 'C') };
    for (const [key, currency] of [['a', 'EUR'], ['b', 'SEK'], ['c', 'DKK']] as const) {
      await sql`update document_groups set conditions = ${sql.json(byCurrency(currency))} where id = ${groups[key]}`;
    }
    // the three groups interleave in time, with long runs of equal received times only the id separates
    await insertInvoiceRows(
      sql,
      Array.from({ length: 300 }, (_, n) => ({
        number: `CL-${String(n).padStart(3, '0')}`,
        sellerName: n % 10 % 3 === 0 ? 'Wide Supplies' : 'Narrow AB',
        currency: ['EUR', 'SEK', 'DKK'][n % 3]!,
        groupId: [groups.a, groups.b, groups.c][n % 3]!,
        status: STATUSES[n % STATUSES.length]!,
        receivedAt: new Date(Date.UTC(2026, 0, 1) + (n % 11) * 1000),
      })),
    );
    // one of C's invoices waits for her approval: she sees it, outside her groups
    await makeApprovalRule(sql, 'Hers', when({ field: 'supplier', op: 'equals', value: 'Wide Waits AB' }), [{ kind: 'user', userId: clerkId }]);
    const [waiting] = await insertInvoiceRows(sql, [{ number: 'CL-WAITING', currency: 'DKK', groupId: groups.c, sellerName: 'Wide Waits AB', status: 'in_review', receivedAt: new Date(Date.UTC(2026, 0, 1) + 5000) }]);
    assert.equal((await admin.post(`/invoices/${waiting}/status-changes`, { action: 'mark_ready' })).status, 303);
  });

  /** What she may see, in list order: her groups' invoices and the one waiting for her. */
  const expected = async (opts: { status?: string; dir?: 'asc' | 'desc' } = {}) => {
    const statuses = opts.status ? [opts.status] : (OPEN_STATUSES as string[]);
    const rows = await t.db.sql<{ invoiceNumber: string }[]>`
      select i.invoice_number from invoices i join invoice_groups g on g.invoice_id = i.id
      where i.status = any(${statuses}::text[])
        and (g.group_id in (select group_id from document_group_members where user_id = ${clerkId})
             or i.id in (select invoice_id from approval_waiting(${clerkId})))
      order by i.received_at ${opts.dir === 'asc' ? t.db.sql`asc` : t.db.sql`desc`}, i.id ${opts.dir === 'asc' ? t.db.sql`asc` : t.db.sql`desc`}`;
    return rows.map((r) => r.invoiceNumber);
  };

  /** Every page by its next link, then every page back by its previous link. */
  const walk = async (start: string) => {
    const forward: string[][] = [];
    let path: string | undefined = start;
    let last = '';
    while (path) {
      const res = await clerk.get(path);
      assert.equal(res.status, 200, path);
      forward.push(numbersIn(res.text));
      last = res.text;
      path = pagerLink(res.text, 'next');
    }
    const backward: string[][] = [];
    path = pagerLink(last, 'prev');
    while (path) {
      const res = await clerk.get(path);
      backward.unshift(numbersIn(res.text));
      path = pagerLink(res.text, 'prev');
    }
    return { forward, backward };
  };

  it('pages newest first across her groups, ties on id, next and back, with the invoice waiting for her', async () => {
    const want = await expected();
    assert.ok(want.includes('CL-WAITING'));
    assert.ok(want.length > 100, 'three pages at least');
    const { forward, backward } = await walk('/invoices');
    assert.deepEqual(forward.flat(), want);
    assert.deepEqual(backward, forward.slice(0, -1), 'the previous links give back the same pages');
  });

  it('pages oldest first and by status tab the same way', async () => {
    assert.deepEqual((await walk('/invoices?sort=received&dir=asc')).forward.flat(), await expected({ dir: 'asc' }));
    assert.deepEqual((await walk('/invoices?status=ready')).forward.flat(), await expected({ status: 'ready' }));
    assert.deepEqual((await walk('/invoices?status=in_review')).forward.flat(), await expected({ status: 'in_review' }));
  });

  it('pages a search that matches many (not few) through her rows, the waiting invoice included', async () => {
    // the invoices numbered …0, …3, …6 and …9 are from 'Wide Supplies', the waiting one from 'Wide Waits AB'
    const user = { id: clerkId, email: '', firstName: 'C', lastName: 'L', roles: ['ap_specialist' as const], isUserAdmin: false };
    const want = (await expected()).filter((n) => /[0369]$/.test(n) || n === 'CL-WAITING');
    assert.ok(want.includes('CL-WAITING') && want.length > 50, 'still waiting for her, and more than a page');
    for (const query of [{ q: 'wide' }, { supplier: 'Wide' }]) {
      const { filters } = parseFilters(query, 'open');
      const seen: string[] = [];
      let position: Position = null;
      for (;;) {
        const page = await t.db.sql.begin((tx) => listPage(tx, user, filters, position, false));
        seen.push(...page.rows.map((r) => r.invoiceNumber));
        if (!page.next) break;
        position = { after: decodeCursor(page.next, 'received') as Cursor };
      }
      assert.deepEqual(seen, want, JSON.stringify(query));
    }
  });

  it('moves an invoice in and out of her list when a reassignment moves it between groups', async () => {
    const [inC] = await t.db.sql<{ id: number; invoiceNumber: string }[]>`
      select i.id::int, i.invoice_number from invoices i join invoice_groups g on g.invoice_id = i.id
      where g.group_id = ${groups.c} and i.status = 'received' and i.invoice_number <> 'CL-WAITING' order by i.id limit 1`;
    const [inA] = await t.db.sql<{ id: number; invoiceNumber: string }[]>`
      select i.id::int, i.invoice_number from invoices i join invoice_groups g on g.invoice_id = i.id
      where g.group_id = ${groups.a} and i.status = 'received' order by i.id limit 1`;
    assert.ok(!(await expected()).includes(inC!.invoiceNumber));
    await t.db.sql`update invoices set currency = 'EUR' where id = ${inC!.id}`;
    await t.db.sql`update invoices set currency = 'DKK' where id = ${inA!.id}`;
    assert.equal(await reassignAllInvoices(t.db.sql), 2);
    const shown = (await walk('/invoices')).forward.flat();
    assert.ok(shown.includes(inC!.invoiceNumber), 'moved into her group A');
    assert.ok(!shown.includes(inA!.invoiceNumber), 'moved out to C');
    assert.deepEqual(shown, await expected());
  });

  it('copies received_at into the assignment when the writer leaves it out, and follows a change', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ number: 'CL-COPY', groupId: groups.a, receivedAt: new Date('2026-02-03T04:05:06.789123Z') }]);
    const copy = async () =>
      (await t.db.sql<{ same: boolean; set: boolean }[]>`
        select g.received_at = i.received_at as same, g.received_at is not null as set from invoice_groups g join invoices i on i.id = g.invoice_id where i.id = ${id!}`)[0]!;
    assert.deepEqual(await copy(), { same: true, set: true }, 'filled by the insert trigger (insertInvoiceRows gives no received_at)');
    await t.db.sql`update invoices set received_at = received_at + interval '1 day 457 microseconds' where id = ${id!}`;
    assert.deepEqual(await copy(), { same: true, set: true }, 'follows the invoice');
    const [stale] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from invoice_groups g join invoices i on i.id = g.invoice_id where g.received_at is distinct from i.received_at`;
    assert.equal(stale!.n, 0, 'every assignment, written by the reassignment or by the trigger, has its invoice’s time');
  });
});

describe("a clerk's list plan", () => {
  const t = useTestDatabase();
  it("reads her page from invoice_groups_newest_idx when each company's invoices are one block of time", async () => {
    await seedLoadShape(t.db.sql, 3, 1000, () => {}, true);
    const [user] = await t.db.sql<{ id: number }[]>`
      insert into users (email, first_name, last_name, password_hash, roles) values ('plan@example.test', 'P', 'C', 'x', '{ap_specialist}') returning id::int`;
    await t.db.sql`insert into document_group_members (group_id, user_id) select id, ${user!.id} from document_groups where name = 'Bulk 1'`;
    const clerk = { id: user!.id, email: 'plan@example.test', firstName: 'P', lastName: 'C', roles: ['ap_specialist' as const], isUserAdmin: false, waitingInvoiceIds: [] };
    const { filters } = parseFilters({}, 'open');
    const plan = await t.db.sql.begin(async (tx) => {
      await tx`set local plan_cache_mode = force_custom_plan`;
      return tx<{ 'QUERY PLAN': string }[]>`explain ${listRows(tx, clerk, filters, null, 51)}`;
    });
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(text, /invoice_groups_newest_idx/, text);
    assert.doesNotMatch(text, /Seq Scan on invoices/, text);
  });
});
