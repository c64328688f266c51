import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from './helpers/app';
import { Browserless } from './helpers/client';
import { makeUser } from './helpers/factories';
import { insertInvoiceRows, makeGroup } from './invoices/helpers';

describe('the dashboard', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  before(async () => {
    const [doc] = await t.db.sql`
      insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, reader_version)
      values ('upload', 'Upload', 1, 'x', '\\x00', 'imported', 'test') returning id::int`;
    for (let i = 0; i < 3; i++) {
      await t.db.sql`
        insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, inv_scanned_by, received_at, status)
        values (${doc!.id}, ${i}, 'ubl', 'invoice', ${`D-${i}`}, current_date, 'Upload', now() - ${i} * interval '1 day', ${i === 0 ? 'received' : 'approved'})`;
    }
    await t.db.sql`insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, quarantine_reason, reader_version)
      values ('upload', 'Upload', 1, 'y', '\\x00', 'quarantined', 'broken', 'test')`;
    await t.db.sql`insert into pagero_companies (pagero_company_id, name) values ('dash-1', 'Lonely Company AB')`;
  });

  it('is the page after login, with the chart, counts by status and group, coverage and attention for admins', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Ada' });
    const browser = new Browserless(t.app.url);
    const res = await browser.signIn(admin.email, admin.password);
    assert.equal(res.location, '/');
    const page = await browser.get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /Welcome, Ada/);
    assert.match(page.text, /<title id="received-chart-title">Invoices per day by issue date over the last 30 days: 3 in all<\/title>/);
    assert.equal((page.text.match(/<rect /g) ?? []).length, 30);
    assert.match(page.text, /href="\/invoices\?status=approved">Approved<\/a><span>2<\/span>/);
    assert.match(page.text, /href="\/invoices\?group=none">Unassigned<\/a><span>3<\/span>/);
    assert.match(page.text, /Lonely Company AB/);
    assert.match(page.text, /href="\/needs-attention">1<\/a>/);
  });

  it('shows a clerk only what they may see', async () => {
    const clerk = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const browser = new Browserless(t.app.url);
    await browser.signIn(clerk.email, clerk.password);
    const page = await browser.get('/');
    assert.match(page.text, /0 invoices issued in the last 30 days/);
    assert.doesNotMatch(page.text, /Lonely Company AB/);
    assert.doesNotMatch(page.text, /needs-attention/);
  });

  it('is a work list: payables by due date with amounts per currency, counting only what the user may see', async () => {
    const clerk = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Carla' });
    const group = await makeGroup(t.db.sql, 'Carla group', [clerk.id]);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await insertInvoiceRows(t.db.sql, [
      { number: 'W-1', groupId: group, dueDate: day(-45), total: '26831.81' },
      { number: 'W-2', groupId: group, dueDate: day(-2), total: '1000.00', documentType: 'credit_note' },
      { number: 'W-3', groupId: group, dueDate: day(3), total: '205.00', currency: 'SEK', status: 'in_review' },
      { number: 'W-4', groupId: group, dueDate: day(20), total: '99.90' },
      { number: 'W-5', groupId: group, dueDate: day(90), total: '12.00', status: 'ready' },
      { number: 'HIDDEN', groupId: null, dueDate: day(-10), total: '999999.00' },
    ]);
    const browser = new Browserless(t.app.url);
    await browser.signIn(clerk.email, clerk.password);
    const page = (await browser.get('/')).text.replace(/[\u00a0\u202f]/g, ' ');
    const row = (label: string) => new RegExp(`<a href="[^"]+">${label}</a></th><td class="amount">(\\d+)</td><td class="amount">(.*?)</td>`).exec(page)?.slice(1);
    assert.deepEqual(row('Overdue'), ['2', '<span class="amount">€25,831.81</span>']);
    assert.deepEqual(row('Due in 0–7 days'), ['1', '<span class="amount">SEK 205.00</span>']);
    assert.deepEqual(row('Due in 8–30 days'), ['1', '<span class="amount">€99.90</span>']);
    assert.deepEqual(row('Due later'), ['1', '<span class="amount">€12.00</span>']);
    assert.match(page, /href="\/invoices\?due=overdue">Overdue</);
    assert.match(page, /href="\/invoices\?status=received">Received<\/a><span>3<\/span>/, 'the hidden invoice is not counted');
    assert.match(page, /href="\/invoices\?status=in_review">In review<\/a><span>1<\/span>/);
    assert.match(page, /0 of the 5 invoices received in the last 30 days reached Ready/);
  });

  it('counts only what the user may see in every tile, and writes the touchless rate as Coding rules does', async () => {
    const manager = await makeUser(t.db.sql, { roles: ['ap_manager'], firstName: 'Marta' });
    const group = await makeGroup(t.db.sql, 'Marta group', [manager.id]);
    const [seen, hidden1, hidden2] = await insertInvoiceRows(t.db.sql, [
      { number: 'APPR-SEEN', groupId: group, status: 'approved' },
      { number: 'APPR-HIDDEN-1', groupId: null, status: 'approved' },
      { number: 'APPR-HIDDEN-2', groupId: null, status: 'approved' },
    ]);
    for (const [id, days] of [[seen, 2], [hidden1, 9], [hidden2, 9]] as const) {
      await t.db.sql`insert into approval_chains (invoice_id, rule_name, state, started_at, finished_at) values (${id!}, 'Any', 'approved', now() - ${days} * interval '1 day', now())`;
    }
    const browser = new Browserless(t.app.url);
    await browser.signIn(manager.email, manager.password);
    const page = (await browser.get('/')).text;
    assert.match(page, /Median time from Ready to Approved: 2 days \(1 approved in the last 30 days\)\./, 'the hidden approvals are not counted');
    const card = /<h2 id="d-touchless">Touchless rate<\/h2>(<p class="big">.*?<\/p><p class="muted">.*?<\/p>)/.exec(page)?.[1];
    assert.ok(card, 'the touchless card');
    assert.match(card, /0 of the 1 invoices received in the last 30 days reached Ready with nobody changing their coding\./);
    const rules = (await browser.get('/settings/coding-rules')).text;
    assert.ok(rules.includes(card), 'the same figure and the same sentence on Coding rules');
  });
});
