/*
 * Approval policies and chains: matching against a known set, a two-step chain with a
 * threshold, segregation of duties, policy changes, the freeze of an approved invoice and
 * who sees what.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { matchingRule } from '../../src/approvals/chain';
import { updateRule } from '../../src/approvals/policies';
import { useTestApp } from '../helpers/app';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany, makeGroup, numbersIn } from '../invoices/helpers';
import { codeLine, makeApprovalRule, person, statusOf, stepsOf, when } from './factory';

describe('Approval policies and chains', () => {
  const t = useTestApp();
  let group = 0;
  let clerk: Awaited<ReturnType<typeof person>>;
  let manager: Awaited<ReturnType<typeof person>>;
  let manager2: Awaited<ReturnType<typeof person>>;
  let cfo: Awaited<ReturnType<typeof person>>;
  let big = 0;
  const invoice = async (attrs: Parameters<typeof insertInvoiceRows>[1][number] = {}) => (await insertInvoiceRows(t.db.sql, [{ groupId: group, ...attrs }]))[0]!;
  const move = (who: { browser: { post: Function } }, id: number, action: string) =>
    (who.browser as import('../helpers/client').Browserless).post(`/invoices/${id}/status-changes`, { action, reason: 'Because.', reason_code: 'OTH' });

  before(async () => {
    process.on('exit', () => { for (const l of t.app.logLines) if (/"level":50/.test(l)) console.log(l.slice(0, 1500)); });
    clerk = await person(t.db.sql, t.app.url, ['ap_specialist'], 'Clara', 'Clerk');
    manager = await person(t.db.sql, t.app.url, ['ap_manager'], 'Mario', 'Manager');
    manager2 = await person(t.db.sql, t.app.url, ['ap_manager'], 'Marta', 'Manager');
    cfo = await person(t.db.sql, t.app.url, [], 'Carla', 'Cfo'); // no AP role, in no group: a spend owner
    group = await makeGroup(t.db.sql, 'AP team', [clerk.id, manager.id, manager2.id]);
    big = await makeApprovalRule(t.db.sql, 'Over 10,000 EUR', when({ field: 'totalAmount', op: 'greater_than', value: '10000' }, { field: 'currency', op: 'equals', value: 'EUR' }), [
      { kind: 'role', roles: ['ap_manager'], count: 1 },
      { kind: 'user', userId: cfo.id },
    ]);
  });

  it('picks the first matching rule of a known set, and the default rule for the rest', async () => {
    const italy = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    const italian = await makeGroup(t.db.sql, 'Italian invoices');
    const company = await t.db.sql<{ id: number }[]>`select id::int from pagero_companies where id = ${italy}`;
    const [cc] = await t.db.sql<{ id: number }[]>`insert into cost_centres (company_id, code, name) values (${company[0]!.id}, 'CC-IT', 'Italy office') returning id::int`;
    const [gl] = await t.db.sql<{ id: number }[]>`insert into gl_accounts (company_id, code, name) values (${italy}, '6000', 'Supplies') returning id::int`;
    await makeApprovalRule(t.db.sql, 'Acme supplier', when({ field: 'supplier', op: 'contains', value: 'acme' }), [{ kind: 'user', userId: manager.id }]);
    await makeApprovalRule(t.db.sql, 'Italian company', when({ field: 'company', op: 'equals', value: 'Acme Italia S.r.l.' }), [{ kind: 'cost_centre_owner' }]);
    await makeApprovalRule(t.db.sql, 'Italy office', when({ field: 'costCentre', op: 'equals', value: 'cc-it' }), [{ kind: 'cost_centre_owner' }]);
    await makeApprovalRule(t.db.sql, 'Supplies', when({ field: 'glAccount', op: 'in_list', value: 'Supplies, 7000' }), [{ kind: 'cost_centre_owner' }]);
    await makeApprovalRule(t.db.sql, 'Italian group or USD', { join: 'or', children: [{ field: 'documentGroup', op: 'equals', value: 'italian invoices' }, { field: 'currency', op: 'equals', value: 'usd' }] }, [{ kind: 'user', userId: cfo.id }]);

    const cases: [string, number][] = [];
    const add = async (expected: string, attrs: Parameters<typeof invoice>[0], code?: { cc?: number; gl?: number }) => {
      const id = await invoice(attrs);
      if (code) await codeLine(t.db.sql, id, { costCentreId: code.cc ?? null, glAccountId: code.gl ?? null });
      cases.push([expected, id]);
    };
    await add('Over 10,000 EUR', { total: '10000.01', sellerName: 'Acme Supplies' });
    await add('Acme supplier', { total: '10000.00', sellerName: 'ACME supplies' });
    await add('Acme supplier', { total: '20000', currency: 'USD', sellerName: 'Acme' });
    await add('Italian company', { companyId: italy, sellerName: 'Rossi' });
    await add('Italy office', { sellerName: 'Rossi' }, { cc: cc!.id });
    await add('Supplies', { sellerName: 'Rossi' }, { gl: gl!.id });
    await add('Italian group or USD', { sellerName: 'Rossi', currency: 'USD' });
    await add('Default', { sellerName: 'Rossi', total: '50.00' });
    const italianInvoice = await invoice({ sellerName: 'Bianchi' });
    await t.db.sql`update invoice_groups set group_id = ${italian} where invoice_id = ${italianInvoice}`;
    cases.push(['Italian group or USD', italianInvoice]);

    const got = [];
    for (const [, id] of cases) got.push((await matchingRule(t.db.sql, id)).name);
    assert.deepEqual(got, cases.map(([name]) => name));
    await t.db.sql`delete from approval_rules where name in ('Acme supplier', 'Italian company', 'Italy office', 'Supplies', 'Italian group or USD')`;
  });

  it('builds a two-step chain over the threshold when the invoice is marked Ready, and approves it step by step', async () => {
    const id = await invoice({ total: '12500.00', status: 'in_review' });
    const small = await invoice({ total: '900.00', status: 'in_review' });
    assert.equal((await move(clerk, id, 'mark_ready')).status, 303);
    assert.equal((await move(clerk, small, 'mark_ready')).status, 303);
    assert.deepEqual((await stepsOf(t.db.sql, id)).map((s) => ({ ...s })), [
      { position: 1, label: 'An AP Manager', done: false, waiting: true },
      { position: 2, label: 'Carla Cfo', done: false, waiting: false },
    ]);
    assert.deepEqual((await stepsOf(t.db.sql, small)).map((s) => s.label), ['An AP Manager or AP Admin']);

    // The CFO is in no group: she does not see it before her step waits for her.
    assert.equal((await cfo.browser.get(`/invoices/${id}`)).status, 404);
    const first = await move(manager, id, 'approve');
    assert.equal(first.status, 303);
    assert.equal(await statusOf(t.db.sql, id), 'ready', 'one step of two');
    const again = await move(manager, id, 'approve');
    assert.equal(again.status, 403);
    assert.match(again.text, /You approved a step of this invoice already; another person approves this one\./);
    const other = await move(manager2, id, 'approve');
    assert.equal(other.status, 403, 'another manager cannot take the CFO’s step');
    assert.match(other.text, /This step waits for Carla Cfo, not for you\./);

    const page = await cfo.browser.get(`/invoices/${id}`);
    assert.equal(page.status, 200, 'the CFO sees the invoice waiting for her');
    assert.equal((await move(cfo, id, 'approve')).status, 303);
    assert.equal(await statusOf(t.db.sql, id), 'approved');
    const events = await t.db.sql<{ reason: string }[]>`select reason from invoice_events where invoice_id = ${id} and action = 'approval' order by id`;
    assert.deepEqual(events.map((e) => e.reason), [
      'Approval started (rule “Over 10,000 EUR”): An AP Manager → Carla Cfo.',
      'Approved step 1 of 2: An AP Manager.',
      'Approved step 2 of 2: Carla Cfo.',
    ]);
    const [chain] = await t.db.sql`select state, finished_at is not null as finished from approval_chains where invoice_id = ${id}`;
    assert.deepEqual({ ...chain }, { state: 'approved', finished: true });
  });

  it('refuses the coder and whoever marked it Ready, with the reason, and lets someone else approve', async () => {
    const id = await invoice({ total: '400.00', status: 'in_review' });
    await codeLine(t.db.sql, id, { codedBy: manager.id });
    assert.equal((await move(manager2, id, 'mark_ready')).status, 303);
    const coder = await move(manager, id, 'approve');
    assert.equal(coder.status, 403);
    assert.match(coder.text, /You coded this invoice, so someone else must approve it \(segregation of duties\)\./);
    const marker = await move(manager2, id, 'approve');
    assert.equal(marker.status, 403);
    assert.match(marker.text, /You marked this invoice Ready, so someone else must approve it/);
    assert.equal(await statusOf(t.db.sql, id), 'ready');

    const third = await person(t.db.sql, t.app.url, ['ap_manager'], 'Teo', 'Third');
    assert.equal((await move(third, id, 'approve')).status, 303, 'a manager outside the group, waited for by role');
    assert.equal(await statusOf(t.db.sql, id), 'approved');
  });

  it('keeps the chain an invoice got; a changed policy applies to invoices that reach Ready afterwards', async () => {
    const before = await invoice({ total: '15000.00', status: 'in_review' });
    assert.equal((await move(clerk, before, 'mark_ready')).status, 303);
    const [admin] = await t.db.sql<{ id: number }[]>`select id::int from users order by id limit 1`;
    await t.db.sql.begin((tx) => updateRule(tx, big, { name: 'Over 10,000 EUR', conditions: when({ field: 'totalAmount', op: 'greater_than', value: '10000' }), steps: [{ kind: 'user', userId: cfo.id }] }, admin!.id));
    const after = await invoice({ total: '15000.00', status: 'in_review' });
    assert.equal((await move(clerk, after, 'mark_ready')).status, 303);
    assert.deepEqual((await stepsOf(t.db.sql, before)).map((s) => s.label), ['An AP Manager', 'Carla Cfo']);
    assert.deepEqual((await stepsOf(t.db.sql, after)).map((s) => s.label), ['Carla Cfo']);
    const [audit] = await t.db.sql`select action, subject from approval_audit where action = 'rule_changed' order by id desc limit 1`;
    assert.deepEqual({ ...audit }, { action: 'rule_changed', subject: 'Over 10,000 EUR' });

    // Back to review drops the chain; the next Ready builds a fresh one.
    assert.equal((await move(clerk, before, 'return_to_review')).status, 303);
    assert.equal((await move(clerk, before, 'mark_ready')).status, 303);
    assert.deepEqual((await stepsOf(t.db.sql, before)).map((s) => s.label), ['Carla Cfo']);
    const chains = await t.db.sql`select state from approval_chains where invoice_id = ${before} order by id`;
    assert.deepEqual(chains.map((c) => c.state), ['cancelled', 'open']);
  });

  it('freezes an approved invoice’s amounts, supplier and coding', async () => {
    const id = await invoice({ total: '300.00', status: 'in_review' });
    const line = await codeLine(t.db.sql, id, { codedBy: clerk.id });
    assert.equal((await move(clerk, id, 'mark_ready')).status, 303);
    assert.equal((await move(manager, id, 'approve')).status, 303);
    assert.equal(await statusOf(t.db.sql, id), 'approved');
    await assert.rejects(t.db.sql`update invoices set payable_amount = 1 where id = ${id}`, /is approved: its amounts and supplier cannot change/);
    await assert.rejects(t.db.sql`update invoices set seller_name = 'Someone else' where id = ${id}`, /is approved/);
    await assert.rejects(t.db.sql`update invoice_line_codings set cost_centre_id = null, amount = 1 where invoice_line_id = ${line}`, /its coding cannot change/);
    await assert.rejects(t.db.sql`delete from invoice_line_codings where invoice_line_id = ${line}`, /its coding cannot change/);
    await assert.rejects(t.db.sql`update invoice_lines set net_amount = 1 where id = ${line}`, /its lines cannot change/);
    await t.db.sql`update invoices set status_changed_at = now() where id = ${id}`; // apdesk's own fields still change
    assert.equal((await move(manager, id, 'hold')).status, 303);
    await assert.rejects(t.db.sql`update invoice_line_codings set amount = 1 where invoice_line_id = ${line}`, /its coding cannot change/, 'on hold from Approved: still frozen');
    assert.equal((await move(manager, id, 'resume')).status, 303);
    assert.equal((await move(manager, id, 'revoke_approval')).status, 303);
    await t.db.sql`update invoice_line_codings set amount = 100.00 where invoice_line_id = ${line}`; // editable again once revoked
  });

  it('shows an approver outside the groups the invoice waiting for them, and no other', async () => {
    const owner = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Olivia', lastName: 'Owner' });
    const ownerPerson = await (async () => {
      const { Browserless } = await import('../helpers/client');
      const b = new Browserless(t.app.url);
      await b.signIn(owner.email, owner.password);
      return b;
    })();
    await makeApprovalRule(t.db.sql, 'Olivia’s supplier', when({ field: 'supplier', op: 'equals', value: 'Olivia Supplies' }), [{ kind: 'user', userId: owner.id }]);
    const waiting = await invoice({ number: 'VIS-WAITING', sellerName: 'Olivia Supplies', status: 'in_review' });
    const other = await invoice({ number: 'VIS-OTHER', sellerName: 'Olivia Supplies', status: 'in_review' });
    const unrelated = await invoice({ number: 'VIS-UNRELATED', sellerName: 'Someone', status: 'in_review' });
    assert.equal((await move(clerk, waiting, 'mark_ready')).status, 303);
    assert.equal((await move(clerk, unrelated, 'mark_ready')).status, 303);
    const listPage = (await ownerPerson.get('/invoices')).text;
    assert.deepEqual(numbersIn(listPage), ['VIS-WAITING']);
    const tabs = Object.fromEntries([...listPage.matchAll(/>([A-Za-z ]+)<span class="n">([\d,+]+)<\/span>/g)].map((m) => [m[1], m[2]]));
    assert.equal(tabs.All, '1', 'the tabs count the invoice waiting for her, outside her groups');
    assert.equal(tabs.Ready, '1');
    assert.equal((await ownerPerson.get(`/invoices/${waiting}`)).status, 200);
    assert.equal((await ownerPerson.get(`/invoices/${other}`)).status, 404);
    assert.equal((await ownerPerson.get(`/invoices/${unrelated}`)).status, 404);
    assert.equal((await ownerPerson.post(`/invoices/${waiting}/status-changes`, { action: 'approve' })).status, 303);
    assert.equal(await statusOf(t.db.sql, waiting), 'approved');
    assert.equal((await ownerPerson.get(`/invoices/${waiting}`)).status, 404, 'nothing waits for her any more');
  });
});
