/*
 * The invoice page's flow over plain HTTP (no JavaScript): coding in place comes back to the
 * invoice with the list it was opened from; "& next" moves along that list; Mark ready with
 * unmatched lines asks and records the answer; Cancel needs its confirmation; automatic status
 * changes are told in the flash and the history; a PO apdesk does not have is one banner.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { statusOf } from '../coding/factory';
import { bigInvoice, clerksWorld } from './invoice-page-fixtures';

const CTX = 'supplier=Lombarde&sort=number&dir=asc';
const LOMBARDE = 'Officine Meccaniche Lombarde S.r.l.';

describe('the invoice page without JavaScript: coding in place, "& next", confirmations', () => {
  const t = useTestApp();
  let manager: Browserless;
  let world: { company: number; group: number };
  before(async () => {
    world = await clerksWorld(t.db.sql);
    const m = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${world.group}, ${m.id})`;
    manager = new Browserless(t.app.url);
    await manager.signIn(m.email, m.password);
  });

  /** Three invoices of one supplier in a list filtered to it, and one of another supplier between them. */
  async function list(prefix: string, attrs: { status?: string; orderReference?: string | null } = {}) {
    const a = await bigInvoice(t.db.sql, world, { number: `${prefix}-1`, supplier: LOMBARDE, ...attrs });
    const other = await bigInvoice(t.db.sql, world, { number: `${prefix}-2`, supplier: 'Nordic Paper AB', ...attrs });
    const b = await bigInvoice(t.db.sql, world, { number: `${prefix}-3`, supplier: LOMBARDE, ...attrs });
    return { a, other, b };
  }

  it('codes a line in place and comes back to the invoice with the list context; Save & next opens the next of that list', async () => {
    const { a, b } = await list('CODE', { orderReference: null });
    const page = await manager.get(`/invoices/${a.id}?${CTX}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/invoices/${b.id}\\?${CTX.replaceAll('&', '&amp;')}" rel="next"`), 'Next walks the filtered list, keeping it');
    assert.match(page.text, new RegExp(`<input type="hidden" name="list_query" value="${CTX.replaceAll('&', '&amp;')}"/>`));
    const [first, second, third] = a.lineIds;
    const saved = await manager.post(`/invoices/${a.id}/coding/lines/${first}`, { glAccount: '6000', costCentre: '', taxCode: '', list_query: CTX });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/invoices/${a.id}?${CTX}#line-${first}`);
    // an error is shown beside the field on the invoice page, still in the list
    const wrong = await manager.post(`/invoices/${a.id}/coding/lines/${second}`, { glAccount: '9999', costCentre: '', taxCode: '', list_query: CTX });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /There is no GL account 9999 in this company\./);
    assert.match(wrong.text, /<h1>Invoice CODE-1/);
    assert.match(wrong.text, new RegExp(`href="/invoices/${b.id}\\?${CTX.replaceAll('&', '&amp;')}" rel="next"`));
    // split without JavaScript: the form opens in the line's place, and saving comes back
    const splitForm = await manager.get(`/invoices/${a.id}/coding/lines/${second}/split?${CTX}`);
    assert.equal(splitForm.status, 303);
    assert.equal(splitForm.location, `/invoices/${a.id}?${CTX}&split=${second}#line-${second}`);
    const withForm = await manager.get(splitForm.location!);
    assert.match(withForm.text, /<h3 id="split">Split line 2/);
    const split = await manager.post(`/invoices/${a.id}/coding/lines/${second}/split`, { mode: 'percent', value: ['60', '40'], glAccount: ['6000', '6100'], costCentre: ['', ''], taxCode: ['', ''], list_query: CTX });
    assert.equal(split.status, 303);
    assert.equal(split.location, `/invoices/${a.id}?${CTX}#line-${second}`);
    // the last line: Save & next, and the automatic move to Ready is told
    const next = await manager.post(`/invoices/${a.id}/coding/lines/${third}`, { glAccount: '6000', costCentre: '', taxCode: '', list_query: CTX, then: 'next' });
    assert.equal(next.status, 303);
    assert.equal(next.location, `/invoices/${b.id}?${CTX}`);
    const landed = await manager.get(next.location!);
    assert.match(landed.text, /Invoice CODE-1: Line coded\. All lines coded and matched → Ready/);
    assert.equal(await statusOf(t.db.sql, a.id), 'ready');
    const history = await manager.get(`/invoices/${a.id}`);
    assert.match(history.text, /<strong>apdesk<\/strong> In review → Ready: <q>All lines coded/);
  });

  it('Approve & next moves to the next invoice of the same list, and back to the list after the last', async () => {
    const { a, b } = await list('APPR', { status: 'ready' });
    const page = await manager.get(`/invoices/${a.id}?${CTX}`);
    assert.match(page.text, /<button type="submit" name="then" value="next" class="primary">Approve &amp; next<\/button>/);
    const res = await manager.post(`/invoices/${a.id}/status-changes`, { action: 'approve', then: 'next', list_query: CTX });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/invoices/${b.id}?${CTX}`);
    assert.match((await manager.get(res.location!)).text, /Invoice APPR-1: Ready → Approved\./);
    assert.equal(await statusOf(t.db.sql, a.id), 'approved');
    const last = await manager.post(`/invoices/${b.id}/status-changes`, { action: 'approve', then: 'next', list_query: 'q=APPR&supplier=Lombarde&sort=number&dir=asc' });
    assert.equal(last.status, 303);
    assert.equal(last.location, '/invoices?q=APPR&supplier=Lombarde&sort=number&dir=asc');
    assert.match((await manager.get(last.location!)).text, /Invoice APPR-3: Ready → Approved\. That was the last invoice of your list\./);
  });

  it('Hold & next keeps its reason and moves on', async () => {
    const { a, b } = await list('HOLD', { status: 'in_review', orderReference: null });
    const page = await manager.get(`/invoices/${a.id}?${CTX}`);
    assert.match(page.text, /formaction="\/invoices\/\d+\/status-changes\?then=next">Hold &amp; next<\/button>/);
    const missing = await manager.post(`/invoices/${a.id}/status-changes?then=next`, { action: 'hold', list_query: CTX });
    assert.equal(missing.status, 422, 'the reason is still required');
    const res = await manager.post(`/invoices/${a.id}/status-changes?then=next`, { action: 'hold', reason: 'Waiting for the delivery note', reason_code: 'DEL', list_query: CTX });
    assert.equal(res.status, 303);
    assert.equal(res.location, `/invoices/${b.id}?${CTX}`);
    assert.equal(await statusOf(t.db.sql, a.id), 'on_hold');
  });

  it('asks before Mark ready with lines not matched to the order, and records the confirmation', async () => {
    const { a } = await list('READY', { status: 'in_review' });
    const page = await manager.get(`/invoices/${a.id}?${CTX}`);
    assert.equal([...page.text.matchAll(/PO OA-2026-48251 is not in apdesk/g)].length, 1, 'one banner');
    assert.doesNotMatch(page.text, /data-outcome="no_po_line"/, 'not a red box per line');
    const asked = await manager.post(`/invoices/${a.id}/status-changes`, { action: 'mark_ready', list_query: CTX });
    assert.equal(asked.status, 409);
    assert.match(asked.text, /Mark ready with unmatched lines\?/);
    assert.match(asked.text, /The invoice names PO OA-2026-48251, which is not in apdesk, so 3 of 3 lines could not be matched\./);
    assert.equal(await statusOf(t.db.sql, a.id), 'in_review');
    const confirmed = await manager.post(`/invoices/${a.id}/status-changes`, { action: 'mark_ready', confirm: 'yes', list_query: CTX });
    assert.equal(confirmed.status, 303);
    assert.equal(await statusOf(t.db.sql, a.id), 'ready');
    const [event] = await t.db.sql<{ reason: string }[]>`select reason from invoice_events where invoice_id = ${a.id} and to_status = 'ready' order by id desc limit 1`;
    assert.equal(event!.reason, 'Marked ready although PO OA-2026-48251 is not in apdesk (3 of 3 lines not matched); confirmed.');
  });

  it('leaves invoices with unmatched lines out of a bulk Mark ready, saying why (the question is asked on each invoice)', async () => {
    const { a, other } = await list('BULKREADY', { status: 'in_review' });
    const res = await manager.post('/invoices/status-changes', { action: 'mark_ready', ids: [String(a.id), String(other.id)] });
    assert.equal(res.status, 200);
    assert.match(res.text, /Mark ready: 0 invoices changed<\/strong>, 2 skipped:/);
    assert.match(res.text, />BULKREADY-1<\/a> — 3 of 3 lines not matched to PO OA-2026-48251, which is not in apdesk; open it to confirm Mark ready</);
    assert.equal(await statusOf(t.db.sql, a.id), 'in_review');
    assert.equal(await statusOf(t.db.sql, other.id), 'in_review');
  });

  it('shows a credit note\'s amount negative in the summary, as it counts against the payables', async () => {
    const credit = await bigInvoice(t.db.sql, world, { number: 'CN-1', supplier: LOMBARDE, orderReference: null });
    await t.db.sql`update invoices set document_type = 'credit_note' where id = ${credit.id}`;
    const page = await manager.get(`/invoices/${credit.id}`);
    assert.match(page.text, /<h1>Credit note CN-1/);
    assert.match(page.text, /<dt>Credit<\/dt><dd class="big-amount" data-amount-due="true"><span class="money">-€1,388,445\.40<\/span>/);
    assert.doesNotMatch(page.text, /overdue 45 days/, 'a credit note is not overdue: nothing is to be paid');
  });

  it('cancels only with the confirmation ticked, from under More; Approve is the primary button and Reject is not solid red', async () => {
    const { a } = await list('CANC', { status: 'ready' });
    const page = await manager.get(`/invoices/${a.id}`);
    assert.match(page.text, /<button type="submit" class="primary" data-key="a">Approve<\/button>/);
    assert.match(page.text, /<summary class="button">More<\/summary><div class="menu-panel">[^]*?value="cancel"/);
    assert.match(page.text, /<button type="submit" name="action" value="reject" class="danger-outline">Reject<\/button>/);
    const refused = await manager.post(`/invoices/${a.id}/status-changes`, { action: 'cancel' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Not cancelled: tick “Yes, cancel” to confirm\./);
    assert.equal(await statusOf(t.db.sql, a.id), 'ready');
    assert.equal((await manager.post(`/invoices/${a.id}/status-changes`, { action: 'cancel', confirm: 'yes' })).status, 303);
    assert.equal(await statusOf(t.db.sql, a.id), 'cancelled');
  });
});
