import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeInvoice } from './factory';

const BASE = '/settings/document-groups';

describe('Settings > Document Groups pages (without JavaScript)', () => {
  const t = useTestApp();
  let apAdmin: Browserless;
  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Ada', lastName: 'Admin' });
    apAdmin = new Browserless(t.app.url);
    await apAdmin.signIn(a.email, a.password);
  });

  const groupId = async (name: string) => (await t.db.sql<{ id: number }[]>`select id::int from document_groups where name = ${name}`)[0]?.id;

  it('is linked from Settings and closed to users who cannot see Settings', async () => {
    assert.match((await apAdmin.get('/settings')).text, /href="\/settings\/document-groups"/);
    const specialist = await makeUser(t.db.sql, { roles: ['ap_specialist', 'ap_manager', 'financial_accounting'] });
    const browser = new Browserless(t.app.url);
    await browser.signIn(specialist.email, specialist.password);
    for (const path of [BASE, `${BASE}/new`]) assert.equal((await browser.get(path)).status, 403, path);
    await browser.get('/invoices');
    assert.equal((await browser.post(BASE, { name: 'Sneaky', 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'equals', 'r.0.value': 'EUR' })).status, 403);
    assert.equal(await groupId('Sneaky'), undefined);
  });

  it('grows the form with Condition and And/Or buttons, then creates the group', async () => {
    const page = await apAdmin.get(`${BASE}/new`);
    assert.match(page.text, /Create New Document Group/);
    assert.match(page.text, /name="r\.0\.field"/);
    const base = { name: 'Nested', 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'equals', 'r.0.value': 'EUR' };
    const grown = await apAdmin.post(BASE, { ...base, action: 'add-group:r' });
    assert.equal(grown.status, 200);
    assert.match(grown.text, /name="r\.1\.join"/);
    assert.match(grown.text, /name="r\.1\.0\.field"/);
    assert.match(grown.text, /name="r\.1\.1\.field"/);
    assert.match(grown.text, /value="Nested"/);
    assert.equal(await groupId('Nested'), undefined, 'nothing is saved by a form action');
    const withRow = await apAdmin.post(BASE, { ...base, action: 'add-condition:r' });
    assert.match(withRow.text, /name="r\.1\.field"/);
    const removed = await apAdmin.post(BASE, { ...base, 'r.1.field': 'supplier', 'r.1.op': 'equals', 'r.1.value': '', action: 'remove:r.1' });
    assert.doesNotMatch(removed.text, /name="r\.1\.field"/);

    const created = await apAdmin.post(BASE, {
      ...base,
      'r.1.join': 'or',
      'r.1.0.field': 'supplierCountry', 'r.1.0.op': 'equals', 'r.1.0.value': 'IT',
      'r.1.1.field': 'totalAmount', 'r.1.1.op': 'greater_than', 'r.1.1.value': '1000.50',
    });
    assert.equal(created.status, 303);
    const id = await groupId('Nested');
    assert.equal(created.location, `${BASE}/${id}`);
    const [stored] = await t.db.sql`select conditions from document_groups where id = ${id!}`;
    assert.deepEqual(stored!.conditions, {
      join: 'and',
      children: [
        { field: 'currency', op: 'equals', value: 'EUR' },
        { join: 'or', children: [{ field: 'supplierCountry', op: 'equals', value: 'IT' }, { field: 'totalAmount', op: 'greater_than', value: '1000.50' }] },
      ],
    });
    const show = await apAdmin.get(created.location!);
    assert.match(show.text, /Currency Equals “EUR” And \(Supplier country Equals “IT” Or Total amount Greater than “1000\.50”\)/);
    assert.match(show.text, /Created with/);
  });

  it('shows each problem next to its row and keeps what was typed', async () => {
    await apAdmin.get(`${BASE}/new`);
    const res = await apAdmin.post(BASE, {
      name: '',
      'r.join': 'or',
      'r.0.field': 'supplier', 'r.0.op': 'greater_than', 'r.0.value': 'x',
      'r.1.field': 'totalAmount', 'r.1.op': 'equals', 'r.1.value': '12,50',
      'r.2.join': 'and',
      'r.2.0.field': 'issueDate', 'r.2.0.op': 'equals', 'r.2.0.value': '2026-02-30',
      'r.2.1.field': 'invScannedBy', 'r.2.1.op': 'equals', 'r.2.1.value': 'Fax',
      'r.3.field': 'currency', 'r.3.op': 'equals', 'r.3.value': '',
      'r.4.field': 'supplier', 'r.4.op': 'starts_with', 'r.4.value': 'I-A',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="field-name-error"[^>]*>Enter a group name\./);
    assert.match(res.text, /id="r\.0-error"[^>]*>Greater than does not fit Supplier; choose another operator\./);
    assert.match(res.text, /id="r\.1-error"[^>]*>Enter an amount such as 1,250\.50\./, 'a comma that does not group thousands is refused in en-GB, with an example the reader’s way');
    assert.match(res.text, /id="r\.2\.0-error"[^>]*>Enter a real date as YYYY-MM-DD\./);
    assert.match(res.text, /id="r\.2\.1-error"[^>]*>Choose Pagero or Upload\./);
    assert.match(res.text, /id="r\.3-error"[^>]*>Enter a value\./);
    assert.match(res.text, /id="r\.4-error"[^>]*>Write the range from the earlier character, as in A-I\./);
    assert.match(res.text, /value="12,50"/);
    assert.equal((await t.db.sql`select 1 from document_groups where name = ''`).length, 0);
  });

  it('reads amounts the reader’s way (a decimal comma in de-DE), stores them as plain decimals and shows them back the same way', async () => {
    const u = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    await t.db.sql`update users set locale = 'de-DE' where id = ${u.id}`;
    const german = new Browserless(t.app.url);
    await german.signIn(u.email, u.password);
    await german.get(`${BASE}/new`);
    const bad = await german.post(BASE, { name: 'Große', 'r.join': 'and', 'r.0.field': 'totalAmount', 'r.0.op': 'greater_than', 'r.0.value': '12,3,4' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="r\.0-error"[^>]*>Enter an amount such as 1\.250,50\./);
    assert.match(bad.text, /value="12,3,4"/);
    const created = await german.post(BASE, {
      name: 'Große',
      'r.join': 'and',
      'r.0.field': 'totalAmount', 'r.0.op': 'greater_than', 'r.0.value': '1.234,56',
      'r.1.field': 'totalAmount', 'r.1.op': 'less_than', 'r.1.value': '99999,5',
      'r.2.field': 'totalAmount', 'r.2.op': 'not_equals', 'r.2.value': '5000.25',
      'r.3.field': 'totalAmount', 'r.3.op': 'in_list', 'r.3.value': '1.500,00; 2000,5',
    });
    assert.equal(created.status, 303, created.text.slice(0, 500));
    const id = (await groupId('Große'))!;
    const [stored] = await t.db.sql`select conditions from document_groups where id = ${id}`;
    assert.deepEqual(stored!.conditions.children.map((c: { value: string }) => c.value), ['1234.56', '99999.5', '5000.25', '1500.00; 2000.5']);
    await makeInvoice(t.db.sql, { currency: 'EUR', payableAmount: '1500.00' });
    await makeInvoice(t.db.sql, { currency: 'EUR', payableAmount: '1234.56' });
    const edit = await german.get(`${BASE}/${id}/edit`);
    assert.match(edit.text, /Matches 1 invoice now\./, 'compiled from the stored decimals');
    for (const shown of ['1234,56', '99999,5', '5000,25', '1500,00; 2000,5']) assert.match(edit.text, new RegExp(`value="${shown}"`));
    // An English reader sees and keeps the same condition
    const again = await apAdmin.get(`${BASE}/${id}/edit`);
    assert.match(again.text, /value="1234\.56"/);
  });

  it('refuses a second group with the same name, whatever its case', async () => {
    await apAdmin.get(`${BASE}/new`);
    const fields = { 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'equals', 'r.0.value': 'SEK' };
    assert.equal((await apAdmin.post(BASE, { name: 'Swedish', ...fields })).status, 303);
    const again = await apAdmin.post(BASE, { name: 'SWEDISH', ...fields });
    assert.equal(again.status, 422);
    assert.match(again.text, /id="field-name-error"[^>]*>A group with this name already exists\./);
  });

  it('edits a group with a preview of what would move, and records the change', async () => {
    await apAdmin.get(`${BASE}/new`);
    await apAdmin.post(BASE, { name: 'Danish', 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'equals', 'r.0.value': 'DKK' });
    const id = (await groupId('Danish'))!;
    await makeInvoice(t.db.sql, { currency: 'DKK', documentGroupId: id });
    await makeInvoice(t.db.sql, { currency: 'NOK' });
    const edit = await apAdmin.get(`${BASE}/${id}/edit`);
    assert.match(edit.text, /Matches 1 invoice now\./);
    const preview = await apAdmin.request('POST', `${BASE}/${id}/preview`, {
      body: new URLSearchParams({ name: 'Danish', 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'in_list', 'r.0.value': 'DKK, NOK' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': apAdmin.csrf, 'hx-request': 'true' },
    });
    assert.equal(preview.status, 200);
    assert.match(preview.text, /Matches 2 invoices now\./);
    assert.match(preview.text, /0 would move to it from other groups and 1 from Unassigned/);
    const saved = await apAdmin.post(`${BASE}/${id}`, { name: 'Nordic', 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'in_list', 'r.0.value': 'DKK, NOK' });
    assert.equal(saved.status, 303);
    const page = await apAdmin.get(`${BASE}/${id}`);
    assert.match(page.text, /Renamed from “Danish”; conditions now Currency In list “DKK, NOK”/);
    assert.match(page.text, /Ada Admin/);
  });

  it('changes priority with the up/down buttons and with a full order (drag and drop)', async () => {
    await t.db.sql`delete from document_groups`;
    await apAdmin.get(`${BASE}/new`);
    for (const name of ['First', 'Second', 'Third']) {
      await apAdmin.post(BASE, { name, 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'equals', 'r.0.value': name.slice(0, 3) });
    }
    const [first, second, third] = [(await groupId('First'))!, (await groupId('Second'))!, (await groupId('Third'))!];
    const order = async () => (await t.db.sql<{ id: number }[]>`select id::int from document_groups order by priority`).map((r) => r.id);
    await apAdmin.get(BASE);
    const moved = await apAdmin.post(`${BASE}/${third}/priority`, { direction: 'up', order: [String(first), String(second), String(third)] });
    assert.equal(moved.status, 303);
    assert.deepEqual(await order(), [first, third, second]);
    const dragged = await apAdmin.request('POST', `${BASE}/priority`, {
      body: new URLSearchParams([['order', String(second)], ['order', String(first)], ['order', String(third)]]),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': apAdmin.csrf, 'hx-request': 'true' },
    });
    assert.equal(dragged.status, 200);
    assert.match(dragged.text, /^<form id="group-list"/);
    assert.deepEqual(await order(), [second, first, third]);
    const list = await apAdmin.get(BASE);
    assert.ok(list.text.indexOf('>Second<') < list.text.indexOf('>First<'));
    const events = await t.db.sql`select group_name, action, details from document_group_events where action = 'reordered' order by id`;
    assert.deepEqual(events.map((e) => [e.groupName, e.details]), [
      ['Second', { from: 2, to: 3 }],
      ['Third', { from: 3, to: 2 }],
      ['First', { from: 1, to: 2 }],
      ['Third', { from: 2, to: 3 }],
      ['Second', { from: 3, to: 1 }],
    ]);
    const jobs = await t.db.sql`select 1 from graphile_worker.jobs where task_identifier = 'document_groups__assign'`;
    assert.equal(jobs.length, 1);
  });

  it('deletes a group only after confirmation, and keeps the deletion on record', async () => {
    await apAdmin.get(`${BASE}/new`);
    await apAdmin.post(BASE, { name: 'Doomed', 'r.join': 'and', 'r.0.field': 'currency', 'r.0.op': 'equals', 'r.0.value': 'XXX' });
    const id = (await groupId('Doomed'))!;
    const confirm = await apAdmin.get(`${BASE}/${id}/deletion`);
    assert.match(confirm.text, /Delete Doomed\?/);
    assert.ok(await groupId('Doomed'), 'the GET deletes nothing');
    const res = await apAdmin.post(`${BASE}/${id}/deletion`, {});
    assert.equal(res.status, 303);
    assert.equal(await groupId('Doomed'), undefined);
    assert.equal((await apAdmin.get(`${BASE}/${id}`)).status, 404);
    const [event] = await t.db.sql`select group_id, action from document_group_events where group_name = 'Doomed' and action = 'deleted'`;
    assert.equal(event!.groupId, null);
    assert.match((await apAdmin.get(BASE)).text, /Doomed/);
  });
});
