import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Logger, runOnce } from 'graphile-worker';
import { taskList } from '../../jobs/index';
import { reassignAllInvoices } from '../../src/groups/assign';
import { createGroup, deleteGroup, moveGroup, reorderGroups } from '../../src/groups/queries';
import { afterInvoicesImported } from '../../src/invoices/after-import';
import { createLogger } from '../../src/logger';
import { testConfig } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { and, groupOf, makeInvoice, row } from './factory';

describe('assigning invoices to groups', () => {
  let db: TestDatabase;
  let actorId: number;
  before(async () => {
    db = await createTestDatabase();
    actorId = (await makeUser(db.sql, { isUserAdmin: true })).id;
  });
  after(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.sql`delete from invoices`;
    await db.sql`delete from document_groups`;
    await db.sql`delete from graphile_worker._private_jobs`;
  });

  const create = (name: string, conditions: object) =>
    db.sql.begin((tx) => createGroup(tx, { name, conditions: conditions as never, actorId }));

  it('gives each invoice the first group it matches by priority, and leaves the rest Unassigned', async () => {
    const eur = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const big = await create('Big', and(row('totalAmount', 'greater_than', '1000')));
    const eurBig = await makeInvoice(db.sql, { currency: 'EUR', payableAmount: '5000' });
    const sekBig = await makeInvoice(db.sql, { currency: 'SEK', payableAmount: '5000' });
    const sekSmall = await makeInvoice(db.sql, { currency: 'SEK', payableAmount: '5' });
    assert.equal(await reassignAllInvoices(db.sql), 2);
    assert.equal(await groupOf(db.sql, eurBig), eur);
    assert.equal(await groupOf(db.sql, sekBig), big);
    assert.equal(await groupOf(db.sql, sekSmall), null);
  });

  it('reassigns after a reorder and after a delete', async () => {
    const eur = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const big = await create('Big', and(row('totalAmount', 'greater_than', '1000')));
    const eurBig = await makeInvoice(db.sql, { currency: 'EUR', payableAmount: '5000' });
    await reassignAllInvoices(db.sql);
    assert.equal(await groupOf(db.sql, eurBig), eur);

    await db.sql.begin((tx) => moveGroup(tx, big, 'up', { actorId }));
    await reassignAllInvoices(db.sql);
    assert.equal(await groupOf(db.sql, eurBig), big);

    await db.sql.begin((tx) => reorderGroups(tx, [eur, big], { actorId }));
    await reassignAllInvoices(db.sql);
    assert.equal(await groupOf(db.sql, eurBig), eur);

    await db.sql.begin((tx) => deleteGroup(tx, eur, { actorId }));
    assert.equal(await groupOf(db.sql, eurBig), null, 'the foreign key clears it at once');
    await reassignAllInvoices(db.sql);
    assert.equal(await groupOf(db.sql, eurBig), big);
  });

  it('writes only the rows whose group changes (their xmin stays put otherwise)', async () => {
    await create('EUR', and(row('currency', 'equals', 'EUR')));
    const eur = await makeInvoice(db.sql, { currency: 'EUR' });
    const sek = await makeInvoice(db.sql, { currency: 'SEK' });
    await reassignAllInvoices(db.sql);
    const xmins = async () => (await db.sql<{ x: string }[]>`select xmin::text as x from invoices where id in (${eur}, ${sek}) order by id`).map((r) => r.x);
    const before = await xmins();
    assert.equal(await reassignAllInvoices(db.sql), 0);
    assert.deepEqual(await xmins(), before);
    await create('SEK', and(row('currency', 'equals', 'SEK')));
    assert.equal(await reassignAllInvoices(db.sql), 1);
    const afterChange = await xmins();
    assert.equal(afterChange[0], before[0], 'the EUR invoice was not rewritten');
    assert.notEqual(afterChange[1], before[1]);
  });

  it('assigns newly imported invoices inside the import transaction', async () => {
    const pagero = await create('E-invoices', and(row('invScannedBy', 'equals', 'Pagero')));
    const ids = await db.sql.begin(async (tx) => {
      const made = [await makeInvoice(tx, { invScannedBy: 'Pagero' }), await makeInvoice(tx, { invScannedBy: 'Upload' })];
      await afterInvoicesImported(tx, made);
      return made;
    });
    assert.equal(await groupOf(db.sql, ids[0]!), pagero);
    assert.equal(await groupOf(db.sql, ids[1]!), null);
  });

  it('queues one reassignment job per burst of changes, which the worker runs', async () => {
    const g = await create('EUR', and(row('currency', 'equals', 'EUR')));
    await create('SEK', and(row('currency', 'equals', 'SEK')));
    const queued = await db.sql`select 1 from graphile_worker.jobs where task_identifier = 'document_groups__assign'`;
    assert.equal(queued.length, 1, 'job_key coalesces the two changes');
    const invoice = await makeInvoice(db.sql, { currency: 'EUR' });
    const log = createLogger('silent');
    const deps = { sql: db.sql, log, config: testConfig(), mailer: {} as never, pagero: {} as never };
    await runOnce({ connectionString: db.url, taskList: taskList(deps as never), logger: new Logger(() => () => {}) });
    assert.equal(await groupOf(db.sql, invoice), g);
    assert.equal((await db.sql`select 1 from graphile_worker.jobs`).length, 0);
  });

  it('handles no groups at all: everything is Unassigned', async () => {
    const g = await create('EUR', and(row('currency', 'equals', 'EUR')));
    const invoice = await makeInvoice(db.sql, { currency: 'EUR', documentGroupId: g });
    await db.sql`delete from document_groups`;
    await db.sql`update invoices set document_group_id = null`;
    assert.equal(await reassignAllInvoices(db.sql), 0);
    assert.equal(await groupOf(db.sql, invoice), null);
  });
});
