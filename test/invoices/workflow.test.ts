import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Role } from '../../src/http/context';
import { STATUSES } from '../../src/invoices/statuses';
import { ACTIONS, TRANSITIONS } from '../../src/invoices/transitions';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeGroup, numbersIn, type InvoiceAttrs } from './helpers';

/** The rules as the README states them, written out independently of transitions.ts. */
const EXPECTED: Record<Role, string[]> = {
  ap_specialist: ['received→start_review', 'in_review→mark_ready', 'ready→return_to_review', ...['received', 'in_review', 'ready', 'approved'].map((s) => `${s}→hold`), 'on_hold→resume'],
  ap_manager: [],
  ap_admin: [],
  financial_accounting: ['approved→export', 'export_failed→export', 'export_failed→export_again'],
};
EXPECTED.ap_manager = [...EXPECTED.ap_specialist, 'ready→approve', 'approved→revoke_approval', 'export_failed→revoke_approval', ...['received', 'in_review', 'ready'].map((s) => `${s}→reject`),
  ...['received', 'in_review', 'ready', 'on_hold', 'rejected'].map((s) => `${s}→cancel`), 'rejected→reopen', 'cancelled→reopen'];
EXPECTED.ap_admin = [...EXPECTED.ap_manager, 'approved→export', 'export_failed→export', 'export_failed→export_again'];

describe('Invoice statuses: who may change what', () => {
  const t = useTestApp();
  const as: Partial<Record<Role | 'user_admin', Browserless>> = {};
  let everything = 0;
  const insertInvoices = (rows: InvoiceAttrs[]) => insertInvoiceRows(t.db.sql, rows.map((r) => ({ groupId: everything, ...r })));
  before(async () => {
    for (const role of ['ap_specialist', 'ap_manager', 'ap_admin', 'financial_accounting'] as Role[]) {
      const user = await makeUser(t.db.sql, { roles: [role] });
      as[role] = new Browserless(t.app.url);
      await as[role].signIn(user.email, user.password);
      await as[role].get('/invoices');
    }
    const admin = await makeUser(t.db.sql, { roles: [], isUserAdmin: true });
    as.user_admin = new Browserless(t.app.url);
    await as.user_admin.signIn(admin.email, admin.password);
    await as.user_admin.get('/invoices');
    // the specialist and manager see Unassigned invoices only through a group: put everything in theirs
    const group = await makeGroup(t.db.sql, 'Everything');
    await t.db.sql`insert into document_group_members (group_id, user_id) select ${group}, id from users where roles && array['ap_specialist', 'ap_manager']`;
    everything = group;
  });

  it('enforces the transition table on the server for every role, status and action', async () => {
    for (const role of Object.keys(EXPECTED) as Role[]) {
      const allowed: string[] = [];
      for (const status of STATUSES) {
        for (const action of ACTIONS) {
          const [id] = await insertInvoices([{ status }]);
          const res = await as[role]!.post(`/invoices/${id}/status-changes`, { action, reason: 'Because.', reason_code: 'OTH', confirm: 'yes' });
          if (res.status === 303) allowed.push(`${status}→${action}`);
          else assert.ok([403, 409].includes(res.status), `${role} ${status}→${action}: ${res.status}`);
        }
      }
      assert.deepEqual(allowed.sort(), [...EXPECTED[role]].sort(), role);
    }
  });

  it('gives a user admin without an AP role no status changes', async () => {
    const [id] = await insertInvoices([{ status: 'received' }]);
    const res = await as.user_admin!.post(`/invoices/${id}/status-changes`, { action: 'start_review' });
    assert.equal(res.status, 403);
    assert.match(res.text, /Not changed: Your role may not start review invoices\./);
  });

  it('puts on hold with a reason, resumes to where it was, and keeps every change in the history', async () => {
    const manager = as.ap_manager!;
    const [id] = await insertInvoices([{ status: 'ready' }]);
    const noReason = await manager.post(`/invoices/${id}/status-changes`, { action: 'hold', reason: '  ' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /<p id="status-reason-error" class="error" role="alert">Give a reason to put on hold\.<\/p>/);

    assert.equal((await manager.post(`/invoices/${id}/status-changes`, { action: 'hold', reason: 'Waiting for the credit note', reason_code: 'DEL' })).status, 303);
    const held = await manager.get(`/invoices/${id}`);
    assert.match(held.text, /On hold<\/span><span class="muted"> \(resumes to Ready\)<\/span> — <strong>Delivery issues<\/strong> — <q>Waiting for the credit note<\/q>/);
    assert.match(held.text, /Invoice T-\d+: Ready → On hold\./, 'flash after the redirect');

    assert.equal((await manager.post(`/invoices/${id}/status-changes`, { action: 'resume' })).status, 303);
    const [row] = await t.db.sql`select status, held_from, status_reason from invoices where id = ${id!}`;
    assert.deepEqual({ ...row }, { status: 'ready', heldFrom: null, statusReason: null });
    const events = await t.db.sql`select action, from_status, to_status, reason, actor_id is not null as by_someone from invoice_events where invoice_id = ${id!} and action <> 'approval' order by id`;
    assert.deepEqual(events.map((e) => ({ ...e })), [
      { action: 'status', fromStatus: 'ready', toStatus: 'on_hold', reason: 'Waiting for the credit note', bySomeone: true },
      { action: 'status', fromStatus: 'on_hold', toStatus: 'ready', reason: null, bySomeone: true },
    ]);
    const page = await manager.get(`/invoices/${id}`);
    assert.match(page.text, /<strong>Test User\d+<\/strong> Ready → On hold: Delivery issues — <q>Waiting for the credit note<\/q>/);
    assert.match(page.text, /<strong>Test User\d+<\/strong> On hold → Ready<\/li>/);
  });

  it('moves a cancelled invoice to Complete Invoices', async () => {
    const [id] = await insertInvoices([{ status: 'received', number: 'CANCEL-ME' }]);
    assert.ok(numbersIn((await as.ap_admin!.get('/invoices')).text).includes('CANCEL-ME'));
    await as.ap_admin!.post(`/invoices/${id}/status-changes`, { action: 'cancel', confirm: 'yes' });
    assert.ok(!numbersIn((await as.ap_admin!.get('/invoices')).text).includes('CANCEL-ME'));
    assert.ok(numbersIn((await as.ap_admin!.get('/invoices/complete')).text).includes('CANCEL-ME'));
  });

  it('adds notes to the history, and refuses an empty one next to the field', async () => {
    const [id] = await insertInvoices([{}]);
    const empty = await as.ap_specialist!.post(`/invoices/${id}/notes`, { note: ' ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /<p id="note-error" class="error" role="alert">Write a note first\.<\/p>/);
    assert.equal((await as.ap_specialist!.post(`/invoices/${id}/notes`, { note: 'Called the supplier <b>today</b>.' })).status, 303);
    assert.match((await as.ap_specialist!.get(`/invoices/${id}`)).text, /added a note: <q>Called the supplier &lt;b&gt;today&lt;\/b&gt;\.<\/q>/);
  });

  it('answers 404 for changes to invoices the user may not see', async () => {
    const clerkUser = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    const outsider = new Browserless(t.app.url);
    await outsider.signIn(clerkUser.email, clerkUser.password);
    await outsider.get('/invoices');
    const [id] = await insertInvoices([{ status: 'ready' }]);
    for (const path of ['status-changes', 'notes', 'lock', 'lock/release']) {
      assert.equal((await outsider.post(`/invoices/${id}/${path}`, { action: 'approve', note: 'x' })).status, 404, path);
    }
    assert.equal((await outsider.get(`/invoices/${id}`)).status, 404);
    assert.equal((await t.db.sql`select status from invoices where id = ${id!}`)[0]!.status, 'ready');
  });

  it('changes the selected rows in bulk and reports each one it skipped and why', async () => {
    const manager = as.ap_manager!;
    const [ready, received, locked, hidden] = await insertInvoices([{ status: 'ready', number: 'B-READY' }, { status: 'received', number: 'B-RECEIVED' }, { status: 'ready', number: 'B-LOCKED' }, { status: 'ready', number: 'B-HIDDEN', groupId: null }]);
    const other = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Olga', lastName: 'Other' });
    await t.db.sql`insert into invoice_locks (invoice_id, user_id) values (${locked!}, ${other.id})`;
    await manager.get('/invoices');
    const res = await manager.post('/invoices/status-changes', { action: 'approve', ids: [ready, received, locked, hidden].map(String), list_query: 'q=B-%25' });
    assert.equal(res.status, 200);
    assert.match(res.text, /Approve: 1 invoice changed<\/strong>, 3 skipped:/);
    assert.match(res.text, /B-RECEIVED<\/a> — Received invoices cannot be given “Approve”\./);
    assert.match(res.text, new RegExp(`#${locked} — being edited by Olga Other`));
    assert.match(res.text, new RegExp(`#${hidden} — not found, or you may not see it`));
    assert.equal(res.headers.get('hx-push-url'), '/invoices?q=B-%25');
    const statuses = await t.db.sql`select invoice_number, status from invoices where id in ${t.db.sql([ready!, received!, locked!, hidden!])} order by id`;
    assert.deepEqual(statuses.map((r) => r.status), ['approved', 'received', 'ready', 'ready']);

    const invalid = await manager.post('/invoices/status-changes', { action: 'export', ids: [] });
    assert.equal(invalid.status, 422);
    assert.match(invalid.text, /id="bulk-action-error" class="error" role="alert">Choose a change your role may make\./);
    assert.match(invalid.text, /id="bulk-ids-error" class="error" role="alert">Select one or more invoices first\./);
    const noReason = await manager.post('/invoices/status-changes', { action: 'reject', ids: [String(ready)] });
    assert.match(noReason.text, /id="bulk-reason-error" class="error" role="alert">Give a reason to reject\./);
  });

  it('refuses every change without the CSRF token', async () => {
    const [id] = await insertInvoices([{ status: 'received' }]);
    for (const path of [`/invoices/${id}/status-changes`, `/invoices/${id}/notes`, `/invoices/${id}/lock`, '/invoices/status-changes']) {
      assert.equal((await as.ap_admin!.post(path, { action: 'start_review', ids: String(id), note: 'x' }, { csrf: null })).status, 403, path);
    }
    assert.equal((await t.db.sql`select status from invoices where id = ${id!}`)[0]!.status, 'received');
  });

  it('names every action of the table with a label', () => {
    for (const action of ACTIONS) assert.ok(TRANSITIONS[action].label.length > 0);
  });
});
