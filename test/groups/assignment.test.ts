import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { Logger, runOnce } from 'graphile-worker';
import { taskList } from '../../jobs/index';
import { reassignAllInvoices } from '../../src/groups/assign';
import { createGroup, deleteGroup, moveGroup, reorderGroups, updateGroup } from '../../src/groups/queries';
import { afterInvoicesImported } from '../../src/invoices/after-import';
import { createLogger } from '../../src/logger';
import { testConfig } from '../helpers/app';
import { useTestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { and, groupOf, makeInvoice, row } from './factory';

describe('assigning invoices to groups', () => {
  const t = useTestDatabase();
  let actorId: number;
  before(async () => {
    actorId = (await makeUser(t.db.sql, { isUserAdmin: true })).id;
  });
  beforeEach(async () => {
    await t.db.sql`delete from invoices`;
    await t.db.sql`delete from document_groups`;
    await t.db.sql`delete from graphile_worker._private_jobs`;
  });

  const create = (name: string, conditions: object) =>
    t.db.sql.begin((tx) => createGroup(tx, { name, conditions: conditions as never, actorId }));

  it('gives each invoice the first group it matches by priority, and leaves the rest Unassigned', async () => {
    const eur = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const big = await create('Big', and(row('totalAmount', 'greater_than', '1000')));
    const eurBig = await makeInvoice(t.db.sql, { currency: 'EUR', payableAmount: '5000' });
    const sekBig = await makeInvoice(t.db.sql, { currency: 'SEK', payableAmount: '5000' });
    const sekSmall = await makeInvoice(t.db.sql, { currency: 'SEK', payableAmount: '5' });
    assert.equal(await reassignAllInvoices(t.db.sql), 3, 'a row for each invoice, the Unassigned one included');
    assert.equal(await groupOf(t.db.sql, eurBig), eur);
    assert.equal(await groupOf(t.db.sql, sekBig), big);
    assert.equal(await groupOf(t.db.sql, sekSmall), null);
  });

  it('reassigns after a reorder and after a delete', async () => {
    const eur = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const big = await create('Big', and(row('totalAmount', 'greater_than', '1000')));
    const eurBig = await makeInvoice(t.db.sql, { currency: 'EUR', payableAmount: '5000' });
    await reassignAllInvoices(t.db.sql);
    assert.equal(await groupOf(t.db.sql, eurBig), eur);

    await t.db.sql.begin((tx) => moveGroup(tx, big, 'up', { actorId }));
    await reassignAllInvoices(t.db.sql);
    assert.equal(await groupOf(t.db.sql, eurBig), big);

    await t.db.sql.begin((tx) => reorderGroups(tx, [eur, big], { actorId }));
    await reassignAllInvoices(t.db.sql);
    assert.equal(await groupOf(t.db.sql, eurBig), eur);

    await t.db.sql.begin((tx) => deleteGroup(tx, eur, { actorId }));
    assert.equal(await groupOf(t.db.sql, eurBig), null, 'deleting the group clears its assignments at once');
    await reassignAllInvoices(t.db.sql);
    assert.equal(await groupOf(t.db.sql, eurBig), big);
  });

  it('writes only the assignments that change; an invoice that becomes Unassigned keeps its row, without a group', async () => {
    const eurGroup = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const eur = await makeInvoice(t.db.sql, { currency: 'EUR' });
    const sek = await makeInvoice(t.db.sql, { currency: 'SEK' });
    const nok = await makeInvoice(t.db.sql, { currency: 'NOK' });
    const rows = async () => [
      ...(await t.db.sql<{ invoiceId: number; groupId: number | null; xmin: string }[]>`
        select invoice_id::int, group_id::int, xmin::text from invoice_groups order by invoice_id`),
    ];
    const groups = async () => (await rows()).map((r) => [r.invoiceId, r.groupId]);
    assert.equal(await reassignAllInvoices(t.db.sql), 3, 'the first run writes a row for every invoice');
    const first = await rows();
    assert.deepEqual(await groups(), [[eur, eurGroup], [sek, null], [nok, null]]);

    assert.equal(await reassignAllInvoices(t.db.sql), 0);
    assert.deepEqual(await rows(), first, 'nothing rewritten when nothing changes');

    const sekGroup = await create('SEK', and(row('currency', 'equals', 'SEK')));
    assert.equal(await reassignAllInvoices(t.db.sql), 1);
    const second = await rows();
    assert.deepEqual([second[0], second[2]], [first[0], first[2]], 'the EUR and NOK rows were not rewritten');
    assert.deepEqual(await groups(), [[eur, eurGroup], [sek, sekGroup], [nok, null]]);

    await t.db.sql.begin((tx) => updateGroup(tx, eurGroup, { name: 'EUR', conditions: and(row('currency', 'equals', 'DKK')) as never, actorId }));
    assert.equal(await reassignAllInvoices(t.db.sql), 1);
    const third = await rows();
    assert.deepEqual(await groups(), [[eur, null], [sek, sekGroup], [nok, null]], 'the EUR invoice became Unassigned');
    assert.deepEqual(third.slice(1), second.slice(1), 'the others untouched');
  });

  it('keeps the row\'s status equal to the invoice\'s, and a reassignment never overwrites it', async () => {
    await create('EUR', and(row('currency', 'equals', 'EUR')));
    const invoice = await makeInvoice(t.db.sql, { currency: 'EUR', status: 'received' });
    await reassignAllInvoices(t.db.sql);
    const copy = async () => (await t.db.sql<{ status: string }[]>`select status from invoice_groups where invoice_id = ${invoice}`)[0]!.status;
    assert.equal(await copy(), 'received');
    await t.db.sql`update invoices set status = 'in_review' where id = ${invoice}`;
    assert.equal(await copy(), 'in_review');
    await t.db.sql`delete from document_groups`;
    await create('Everything', and(row('currency', 'equals', 'EUR')));
    assert.equal(await reassignAllInvoices(t.db.sql), 1);
    assert.equal(await copy(), 'in_review');
  });

  it('forgets the assignment of a deleted invoice, and a full run removes any left behind', async () => {
    const g = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const [kept, gone] = [await makeInvoice(t.db.sql, { currency: 'EUR' }), await makeInvoice(t.db.sql, { currency: 'EUR' })];
    await reassignAllInvoices(t.db.sql);
    await t.db.sql`delete from invoices where id = ${gone}`;
    assert.equal((await t.db.sql`select 1 from invoice_groups where invoice_id = ${gone}`).length, 0);
    await t.db.sql`insert into invoice_groups (invoice_id, group_id, status) values (${gone}, ${g}, 'received')`;
    assert.equal(await reassignAllInvoices(t.db.sql), 1);
    assert.deepEqual((await t.db.sql<{ id: number }[]>`select invoice_id::int as id from invoice_groups`).map((r) => r.id), [kept]);
  });

  it('assigns newly imported invoices inside the import transaction', async () => {
    const pagero = await create('E-invoices', and(row('invScannedBy', 'equals', 'Pagero')));
    const ids = await t.db.sql.begin(async (tx) => {
      const made = [await makeInvoice(tx, { invScannedBy: 'Pagero' }), await makeInvoice(tx, { invScannedBy: 'Upload' })];
      await afterInvoicesImported(tx, made);
      return made;
    });
    assert.equal(await groupOf(t.db.sql, ids[0]!), pagero);
    assert.equal(await groupOf(t.db.sql, ids[1]!), null);
  });

  it('queues one reassignment job per burst of changes, which the worker runs', async () => {
    const g = await create('EUR', and(row('currency', 'equals', 'EUR')));
    await create('SEK', and(row('currency', 'equals', 'SEK')));
    const queued = await t.db.sql`select 1 from graphile_worker.jobs where task_identifier = 'document_groups__assign'`;
    assert.equal(queued.length, 1, 'job_key coalesces the two changes');
    const invoice = await makeInvoice(t.db.sql, { currency: 'EUR' });
    const log = createLogger('silent');
    const deps = { sql: t.db.sql, log, config: testConfig(), mailer: {} as never, pagero: {} as never };
    await runOnce({ connectionString: t.db.url, taskList: taskList(deps as never), logger: new Logger(() => () => {}) });
    assert.equal(await groupOf(t.db.sql, invoice), g);
    assert.equal((await t.db.sql`select 1 from graphile_worker.jobs`).length, 0);
  });

  it('handles no groups at all: everything is Unassigned', async () => {
    const g = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const invoice = await makeInvoice(t.db.sql, { currency: 'EUR', documentGroupId: g });
    await t.db.sql`delete from document_groups`;
    assert.equal(await reassignAllInvoices(t.db.sql), 0);
    assert.equal(await groupOf(t.db.sql, invoice), null);
  });
});
