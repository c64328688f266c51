/*
 * The approver's pages over HTTP: the Approvals list and its count in the navigation, approve
 * one and in bulk, reject back to In review, ask a question (an email to whoever marked it
 * Ready), delegation, the chain on the invoice page, and Settings → Approvals refusing bad rules.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { insertInvoiceRows, makeCompany, makeGroup } from '../invoices/helpers';
import { codeLine, makeApprovalRule, person, statusOf, stepsOf, when } from './factory';

type Person = Awaited<ReturnType<typeof person>>;

describe('Approvals pages', () => {
  const t = useTestApp();
  let group = 0;
  let clerk: Person;
  let manager: Person;
  let owner: Person;
  let admin: Person;
  const ready = async (attrs: Parameters<typeof insertInvoiceRows>[1][number]) => {
    const [id] = await insertInvoiceRows(t.db.sql, [{ groupId: group, status: 'in_review', ...attrs }]);
    const res = await clerk.browser.post(`/invoices/${id}/status-changes`, { action: 'mark_ready' });
    assert.equal(res.status, 303);
    return id!;
  };

  before(async () => {
    clerk = await person(t.db.sql, t.app.url, ['ap_specialist'], 'Clara', 'Clerk');
    manager = await person(t.db.sql, t.app.url, ['ap_manager'], 'Mario', 'Manager');
    owner = await person(t.db.sql, t.app.url, [], 'Olga', 'Owner');
    admin = await person(t.db.sql, t.app.url, ['ap_admin'], 'Ada', 'Admin');
    group = await makeGroup(t.db.sql, 'AP team', [clerk.id, manager.id]);
    await makeApprovalRule(t.db.sql, 'Olga’s supplier', when({ field: 'supplier', op: 'equals', value: 'Olga Supplies' }), [{ kind: 'user', userId: owner.id }]);
  });

  it('lists what waits for me oldest first with amount, supplier, due date and days waiting, counts it in the navigation, and approves one and several', async () => {
    const soon = new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10);
    const a = await ready({ number: 'AP-OLDEST', sellerName: 'Olga Supplies', total: '1234.50', dueDate: soon });
    const b = await ready({ number: 'AP-SECOND', sellerName: 'Olga Supplies', total: '99.00', dueDate: '2099-01-01' });
    const c = await ready({ number: 'AP-THIRD', sellerName: 'Olga Supplies', total: '10.00', dueDate: null });
    await t.db.sql`update approval_steps s set started_at = now() - interval '3 days' from approval_chains ch where ch.id = s.chain_id and ch.invoice_id = ${a}`;
    const page = await owner.browser.get('/approvals');
    assert.equal(page.status, 200);
    assert.match(page.text, /<span class="nav-count" aria-label="3 waiting for you">3<\/span>/);
    const numbers = [...page.text.matchAll(/<a href="\/invoices\/\d+">(AP-[A-Z]+)<\/a>/g)].map((m) => m[1]);
    assert.deepEqual(numbers, ['AP-OLDEST', 'AP-SECOND', 'AP-THIRD']);
    assert.match(page.text, /€1,234\.50/);
    assert.match(page.text, /3 days/);
    assert.match(page.text, /due soon/);
    assert.match(page.text, /1 is due within 5 days\./);
    assert.match(page.text, /Olga Supplies/);

    const one = await owner.browser.post('/approvals/approved', { one: String(a), ids: [String(b)] });
    assert.equal(one.status, 303);
    assert.deepEqual([await statusOf(t.db.sql, a), await statusOf(t.db.sql, b)], ['approved', 'ready'], 'the row’s button approves that row only');
    const bulk = await owner.browser.post('/approvals/approved', { ids: [String(b), String(c)], bulk: '1' });
    assert.equal(bulk.status, 303);
    assert.deepEqual([await statusOf(t.db.sql, b), await statusOf(t.db.sql, c)], ['approved', 'approved']);
    const after = await owner.browser.get('/approvals');
    assert.match(after.text, /Approved: AP-SECOND, AP-THIRD\./);
    assert.match(after.text, /Nothing waits for your approval\./);
    assert.doesNotMatch(after.text, /nav-count/);

    // The dashboard: three chains started and approved today (median 0.0 days), none waiting.
    const dashboard = (await admin.browser.get('/')).text;
    assert.match(dashboard, /<h2 id="d-approvals">Approvals<\/h2>/);
    assert.match(dashboard, /Median time from Ready to Approved: 0 days \(3 approved in the last 30 days\)\./);
    assert.match(dashboard, /Due within 5 days, still waiting<\/span><span>0<\/span>/);
  });

  it('shows the chain on the invoice page, and a sentence where the Approve button is missing', async () => {
    const id = await ready({ number: 'AP-CHAIN', sellerName: 'Olga Supplies' });
    const asClerk = await clerk.browser.get(`/invoices/${id}`);
    assert.match(asClerk.text, /<h2>Approval<\/h2>/);
    assert.match(asClerk.text, /Rule “Olga’s supplier”/);
    assert.match(asClerk.text, /Waiting since [^<]+ for Olga Owner\./);
    assert.match(asClerk.text, /You marked this invoice Ready, so someone else must approve it \(segregation of duties\)\./);
    assert.doesNotMatch(asClerk.text, /name="action" value="approve"/);
    const asOwner = await owner.browser.get(`/invoices/${id}`);
    assert.match(asOwner.text, /name="action" value="approve"/, 'the page’s Approve action, for whom the step waits');
    assert.match(asOwner.text, /This step waits for you/);
    const approved = await owner.browser.post(`/invoices/${id}/status-changes`, { action: 'approve' });
    assert.equal(approved.status, 303);
    assert.equal(approved.location, '/approvals', 'she saw it only while it waited for her');
    const done = await clerk.browser.get(`/invoices/${id}`);
    assert.match(done.text, /Approved by Olga Owner, \d\d\/\d\d\/\d{4}, \d\d:\d\d UTC/);
    assert.match(done.text, /Approved step 1 of 1: Olga Owner\./);
  });

  it('rejects back to In review only with a reason, and asks whoever marked it Ready a question by email', async () => {
    const id = await ready({ number: 'AP-REJECT', sellerName: 'Olga Supplies' });
    const empty = await owner.browser.post(`/approvals/${id}/rejection`, { reason: '  ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /<p id="approval-reject-error" class="error" role="alert">Write the reason first\.<\/p>/);
    const notMine = await clerk.browser.post(`/approvals/${id}/rejection`, { reason: 'No' });
    assert.equal(notMine.status, 403);

    // opened from a filtered list, the answer comes back to the invoice in that list (Previous/Next keep walking it)
    const panel = (await owner.browser.get(`/invoices/${id}?supplier=Olga&sort=number&dir=asc`)).text;
    assert.match(panel, /action="\/approvals\/\d+\/question"><input type="hidden" name="_csrf" value="[^"]+"\/><input type="hidden" name="list_query" value="supplier=Olga&amp;sort=number&amp;dir=asc"\/>/);
    const asked = await owner.browser.post(`/approvals/${id}/question`, { question: 'Which project is this for?', list_query: 'supplier=Olga&sort=number&dir=asc' });
    assert.equal(asked.status, 303);
    assert.equal(asked.location, `/invoices/${id}?supplier=Olga&sort=number&dir=asc#approval`);
    const [mail] = await t.db.sql<{ toAddress: string; subject: string; body: string }[]>`select to_address, subject, body from mail_messages where kind = 'approval_question'`;
    assert.equal(mail!.toAddress, clerk.email);
    assert.equal(mail!.subject, 'Question about invoice AP-REJECT');
    assert.match(mail!.body, /Which project is this for\?/);
    assert.match(mail!.body, new RegExp(`/invoices/${id}\\n`));
    assert.match(mail!.body, /This email approves nothing by itself/);

    assert.equal((await owner.browser.post(`/approvals/${id}/rejection`, { reason: 'Wrong cost centre' })).status, 303);
    assert.equal(await statusOf(t.db.sql, id), 'in_review');
    const history = (await clerk.browser.get(`/invoices/${id}`)).text;
    assert.match(history, /Question for Clara Clerk: Which project is this for\?/);
    assert.match(history, /Ready → In review: <q>Rejected at approval step 1 \(Olga Owner\): Wrong cost centre<\/q>/);
    const [chain] = await t.db.sql`select state from approval_chains where invoice_id = ${id}`;
    assert.equal(chain!.state, 'cancelled');
  });

  it('sends steps to the delegate while the approver is out of office, recorded on their behalf, and refuses a circle of delegates', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const later = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
    await owner.browser.get('/approvals/out-of-office');
    const saved = await owner.browser.post('/approvals/out-of-office', { starts_on: today, ends_on: later, delegate_id: String(manager.id) });
    assert.equal(saved.status, 303);
    const circle = await manager.browser.post('/approvals/out-of-office', { starts_on: today, ends_on: today, delegate_id: String(owner.id) });
    assert.equal(circle.status, 422);
    assert.match(circle.text, /That makes a circle of delegates \(Olga Owner → Mario Manager\)/);
    const self = await manager.browser.post('/approvals/out-of-office', { starts_on: today, ends_on: '2000-01-01', delegate_id: String(owner.id) });
    assert.equal(self.status, 422);
    assert.match(self.text, /The last day comes on or after the first\./);

    const id = await ready({ number: 'AP-DELEGATED', sellerName: 'Olga Supplies' });
    assert.doesNotMatch((await owner.browser.get('/approvals')).text, /AP-DELEGATED/);
    const list = await manager.browser.get('/approvals');
    assert.match(list.text, /AP-DELEGATED/);
    assert.match(list.text, /\(on behalf of Olga Owner\)/);
    assert.equal((await manager.browser.post('/approvals/approved', { one: String(id) })).status, 303);
    assert.equal(await statusOf(t.db.sql, id), 'approved');
    const [decision] = await t.db.sql`select user_id::int, on_behalf_of::int from approval_decisions d join approval_chains c on c.id = d.chain_id where c.invoice_id = ${id}`;
    assert.deepEqual({ ...decision }, { userId: manager.id, onBehalfOf: owner.id });
    assert.match((await clerk.browser.get(`/invoices/${id}`)).text, /Approved by Mario Manager on behalf of Olga Owner/);
    const audit = await t.db.sql`select action, subject from approval_audit where action like 'delegation%'`;
    assert.deepEqual(audit.map((a) => a.action), ['delegation_set']);
    assert.equal((await owner.browser.post('/approvals/out-of-office/deletion', {})).status, 303);
  });

  it('sends a deactivated approver’s waiting steps to the AP Admins with a warning', async () => {
    const gone = await person(t.db.sql, t.app.url, [], 'Gina', 'Gone');
    await makeApprovalRule(t.db.sql, 'Gina’s supplier', when({ field: 'supplier', op: 'equals', value: 'Gina Supplies' }), [{ kind: 'user', userId: gone.id }]);
    const id = await ready({ number: 'AP-ORPHAN', sellerName: 'Gina Supplies' });
    await t.db.sql`update users set active = false where id = ${gone.id}`;
    const list = await admin.browser.get('/approvals');
    assert.match(list.text, /AP-ORPHAN/);
    assert.match(list.text, /The approver cannot act \(deactivated, missing or not allowed\): AP Admins decide\./);
    assert.equal((await admin.browser.post(`/approvals/${id}/approval`, {})).status, 303);
    assert.equal(await statusOf(t.db.sql, id), 'approved');
  });

  it('sets cost centre owners (shown in master data, audited) whose steps wait for them, one step per owner', async () => {
    const company = await makeCompany(t.db.sql, 'Acme Owners S.p.A.');
    const [a, b] = await t.db.sql<{ id: number }[]>`insert into cost_centres (company_id, code, name) values (${company}, 'CC-100', 'Marketing'), (${company}, 'CC-200', 'Sales') returning id::int`;
    assert.equal((await manager.browser.get('/settings/approvals/owners')).status, 403);
    await admin.browser.get('/settings/approvals/owners');
    const [inactive] = await t.db.sql<{ id: number }[]>`select id::int from users where not active limit 1`;
    const refused = await admin.browser.post('/settings/approvals/owners', { [`owner.${a!.id}`]: String(inactive!.id) });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /is not an active user; choose an active owner\./);
    assert.equal((await admin.browser.post('/settings/approvals/owners', { [`owner.${a!.id}`]: String(owner.id), [`owner.${b!.id}`]: String(manager.id) })).status, 303);
    const masterData = await admin.browser.get(`/settings/master-data/${company}/cost-centres`);
    assert.match(masterData.text, /<td>CC-100<\/td><td>Marketing<\/td><td>Active<\/td><td>Olga Owner<\/td>/);
    assert.match((await admin.browser.get('/settings/approvals')).text, /set the owner of Cost centre CC-100<small class="muted"> — Owner: Olga Owner/);

    await makeApprovalRule(t.db.sql, 'Owners of Acme Owners', when({ field: 'company', op: 'equals', value: 'Acme Owners S.p.A.' }), [{ kind: 'cost_centre_owner' }]);
    const [id] = await insertInvoiceRows(t.db.sql, [{ groupId: group, status: 'in_review', companyId: company, sellerName: 'Someone' }]);
    await codeLine(t.db.sql, id!, { costCentreId: b!.id });
    await codeLine(t.db.sql, id!, { costCentreId: a!.id });
    assert.equal((await clerk.browser.post(`/invoices/${id}/status-changes`, { action: 'mark_ready' })).status, 303);
    assert.deepEqual((await stepsOf(t.db.sql, id!)).map((s) => s.label), ['Olga Owner (owner of cost centre CC-100)', 'Mario Manager (owner of cost centre CC-200)']);
    assert.equal((await owner.browser.post('/approvals/approved', { one: String(id) })).status, 303);
    assert.equal((await manager.browser.post('/approvals/approved', { one: String(id) })).status, 303);
    assert.equal(await statusOf(t.db.sql, id!), 'approved');
  });

  it('lets only AP Admins edit policies, and refuses a rule with no steps, a deactivated approver or conditions that match nothing', async () => {
    assert.equal((await manager.browser.get('/settings/approvals')).status, 403);
    const list = await admin.browser.get('/settings/approvals');
    assert.equal(list.status, 200);
    assert.match(list.text, /Default/);
    const [inactive] = await t.db.sql<{ id: number }[]>`select id::int from users where not active limit 1`;
    const base = { name: 'Big ones', 'r.join': 'and', 'r.0.field': 'totalAmount', 'r.0.op': 'greater_than', 'r.0.value': '10000' };
    const noSteps = await admin.browser.post('/settings/approvals', { ...base, 'steps.0.kind': '' });
    assert.equal(noSteps.status, 422);
    assert.match(noSteps.text, /Add at least one step: a rule without steps would approve nothing\./);
    const deactivated = await admin.browser.post('/settings/approvals', { ...base, 'steps.0.kind': 'user', 'steps.0.user': String(inactive!.id) });
    assert.equal(deactivated.status, 422);
    assert.match(deactivated.text, /Gina Gone is deactivated; choose an active approver\./);
    const nothing = await admin.browser.post('/settings/approvals', {
      ...base, 'r.1.field': 'totalAmount', 'r.1.op': 'less_than', 'r.1.value': '5000', 'steps.0.kind': 'role', 'steps.0.roles': 'ap_manager', 'steps.0.count': '1',
    });
    assert.equal(nothing.status, 422);
    assert.match(nothing.text, /These conditions can never both hold \(Total amount greater than 10000 and Total amount less than 5000\), so the rule would match no invoice\./);
    const tooMany = await admin.browser.post('/settings/approvals', { ...base, 'steps.0.kind': 'role', 'steps.0.roles': 'ap_manager', 'steps.0.count': '2' });
    assert.equal(tooMany.status, 422);
    assert.match(tooMany.text, /Only 1 active user holds this role; the step needs 2\./);

    const ok = await admin.browser.post('/settings/approvals', { ...base, 'steps.0.kind': 'role', 'steps.0.roles': ['ap_manager', 'ap_admin'], 'steps.0.count': '2', 'steps.1.kind': 'user', 'steps.1.user': String(owner.id) });
    assert.equal(ok.status, 303);
    const saved = await admin.browser.get('/settings/approvals');
    assert.match(saved.text, /Total amount Greater than “10000”/);
    assert.match(saved.text, /2 of the AP Managers or AP Admins → Olga Owner/);
    assert.match(saved.text, /created rule Big ones<small class="muted"> — Total amount Greater than “10000”: 2 of the AP Managers or AP Admins → Olga Owner/);
    const editor = await admin.browser.post('/settings/approvals/editor', { 'r.join': 'and', 'r.0.field': 'costCentre', 'r.0.op': 'equals', 'r.0.value': '' });
    assert.match(editor.text, /<option value="costCentre" selected="">Cost centre \(any line\)<\/option>/);
  });

  it('reads a rule’s amounts the reader’s way (a decimal comma in de-DE) and stores them as plain decimals', async () => {
    await t.db.sql`update users set locale = 'de-DE' where id = ${admin.id}`;
    try {
      const rule = { name: 'Mittlere', 'r.join': 'and', 'r.0.field': 'totalAmount', 'r.0.op': 'greater_than', 'steps.0.kind': 'user', 'steps.0.user': String(owner.id) };
      const bad = await admin.browser.post('/settings/approvals', { ...rule, 'r.0.value': '1.2,3' });
      assert.equal(bad.status, 422);
      assert.match(bad.text, /Enter an amount such as 1\.250,50\./);
      const ok = await admin.browser.post('/settings/approvals', { ...rule, 'r.0.value': '1.234,56', 'r.1.field': 'totalAmount', 'r.1.op': 'less_than', 'r.1.value': '5000,5' });
      assert.equal(ok.status, 303, ok.text.slice(0, 300));
      const [saved] = await t.db.sql`select id::int, conditions from approval_rules where name = 'Mittlere'`;
      assert.deepEqual(saved!.conditions.children.map((c: { value: string }) => c.value), ['1234.56', '5000.5']);
      const edit = await admin.browser.get(`/settings/approvals/${saved!.id}/edit`);
      assert.match(edit.text, /value="1234,56"/);
      assert.match(edit.text, /value="5000,5"/);
    } finally {
      await t.db.sql`update users set locale = null where id = ${admin.id}`;
    }
  });
});
