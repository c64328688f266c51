import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows } from './helpers';

describe('The editing lock', () => {
  const t = useTestApp();
  let anna: Browserless;
  let ben: Browserless;
  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Anna', lastName: 'Rossi' });
    const b = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Ben', lastName: 'Berg' });
    anna = new Browserless(t.app.url);
    await anna.signIn(a.email, a.password);
    ben = new Browserless(t.app.url);
    await ben.signIn(b.email, b.password);
  });

  const open = async (who: Browserless, id: number) => (await who.get(`/invoices/${id}`)).text;

  it('lets one user edit at a time: others see who and since when, and their changes are refused', async () => {
    // Setup
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'received' }]);
    await open(anna, id!);
    // Action
    assert.equal((await anna.post(`/invoices/${id}/lock`, {})).status, 303);
    // Assertions
    assert.match(await open(anna, id!), /You are editing this invoice \(since \d\d\/\d\d\/\d{4}, \d\d:\d\d UTC\)\./);
    const seen = await open(ben, id!);
    assert.match(seen, /Anna Rossi is editing this invoice since \d\d\/\d\d\/\d{4}, \d\d:\d\d UTC\./);
    assert.doesNotMatch(seen, /name="action" value="start_review"/, 'no buttons for a change that would be refused');
    const take = await ben.post(`/invoices/${id}/lock`, {});
    assert.equal(take.status, 409);
    assert.match(take.text, /Anna Rossi is editing this invoice\./);
    const change = await ben.post(`/invoices/${id}/status-changes`, { action: 'start_review' });
    assert.equal(change.status, 409);
    assert.match(change.text, /Not changed: being edited by Anna Rossi\./);
    assert.equal((await ben.post(`/invoices/${id}/notes`, { note: 'Me too' })).status, 409);
    assert.equal((await t.db.sql`select status from invoices where id = ${id!}`)[0]!.status, 'received');
    assert.equal((await anna.post(`/invoices/${id}/notes`, { note: 'Mine' })).status, 303, 'the holder keeps working');
  });

  it('frees a lock idle for 15 minutes for the next user', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'received' }]);
    await open(anna, id!);
    await anna.post(`/invoices/${id}/lock`, {});
    await t.db.sql`update invoice_locks set last_active_at = now() - interval '14 minutes' where invoice_id = ${id!}`;
    await open(ben, id!);
    assert.equal((await ben.post(`/invoices/${id}/status-changes`, { action: 'start_review' })).status, 409, 'still held after 14 minutes');
    await t.db.sql`update invoice_locks set last_active_at = now() - interval '15 minutes 1 second' where invoice_id = ${id!}`;
    assert.doesNotMatch(await open(ben, id!), /is editing this invoice/);
    assert.equal((await ben.post(`/invoices/${id}/lock`, {})).status, 303);
    assert.match(await open(anna, id!), /Ben Berg is editing this invoice/);
  });

  it('keeps a working holder\'s lock alive: each change restarts the 15 minutes', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'received' }]);
    await open(anna, id!);
    await anna.post(`/invoices/${id}/lock`, {});
    await t.db.sql`update invoice_locks set last_active_at = now() - interval '14 minutes' where invoice_id = ${id!}`;
    await anna.post(`/invoices/${id}/notes`, { note: 'Still here' });
    const [lock] = await t.db.sql`select now() - last_active_at < interval '1 minute' as fresh from invoice_locks where invoice_id = ${id!}`;
    assert.equal(lock!.fresh, true);
  });

  it('is released by Done editing and by a status change of the holder', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'received' }]);
    await open(anna, id!);
    await anna.post(`/invoices/${id}/lock`, {});
    await open(ben, id!);
    assert.equal((await ben.post(`/invoices/${id}/lock/release`, {})).status, 303);
    assert.match(await open(ben, id!), /Anna Rossi is editing/, 'nobody releases someone else\'s lock');
    await anna.post(`/invoices/${id}/lock/release`, {});
    assert.doesNotMatch(await open(ben, id!), /is editing this invoice/);

    await anna.post(`/invoices/${id}/lock`, {});
    assert.equal((await anna.post(`/invoices/${id}/status-changes`, { action: 'start_review' })).status, 303);
    assert.equal((await t.db.sql`select count(*)::int as n from invoice_locks where invoice_id = ${id!}`)[0]!.n, 0);
    await open(ben, id!);
    assert.equal((await ben.post(`/invoices/${id}/status-changes`, { action: 'mark_ready' })).status, 303);
  });

  it('lets only one of two users who ask at the same moment have the lock', async () => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'received' }]);
    await open(anna, id!);
    await open(ben, id!);
    const results = await Promise.all([anna.post(`/invoices/${id}/lock`, {}), ben.post(`/invoices/${id}/lock`, {})]);
    assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
  });
});
