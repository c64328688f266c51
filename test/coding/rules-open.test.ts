/*
 * Issue 18 item 7 for coding rules, over real HTTP against the app and a real database: the
 * supplier is picked from the suppliers apdesk has invoices from, a supplier it has never seen
 * is refused beside the field (unless ticked as a new supplier), the form and the list say how
 * many open invoices a rule matches, and "apply to open invoices" codes them and only them.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Logger, runOnce } from 'graphile-worker';
import { taskList } from '../../jobs/index';
import { IN_REQUEST } from '../../src/coding/apply-open';
import { createLogger } from '../../src/logger';
import { testConfig, useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { codingsOf, makeCode, makeCompany, makeInvoice, statusOf } from './factory';

const ACME = { sellerName: 'Acme Supplies S.r.l.', sellerVatId: 'IT01234567890' };
const rule = (fields: Record<string, string>) => ({ kind: 'fixed', supplier: '', companyId: '', lineText: '', itemId: '', glAccountCode: '6100', costCentreCode: '', taxCodeCode: '', active: 'on', ...fields });

describe('coding rules: known suppliers, open invoices, apply now', () => {
  const t = useTestApp();
  let company: number;
  let other: number;
  let admin: Browserless;
  let adminId: number;
  let clerk: Browserless;
  let clerkId: number;
  let manager: Browserless;
  const inv: Record<string, { id: number; lineIds: number[] }> = {};

  before(async () => {
    company = await makeCompany(t.db.sql, 'Rules Italia');
    other = await makeCompany(t.db.sql, 'Rules Sverige');
    for (const co of [company, other]) for (const code of ['6100', '6200']) await makeCode(t.db.sql, 'gl_accounts', co, code);
    inv.received = await makeInvoice(t.db.sql, { ...ACME, companyId: company }, [{ name: 'Toner' }, { name: 'Paper' }]);
    inv.inReview = await makeInvoice(t.db.sql, { ...ACME, sellerName: 'ACME SUPPLIES S.R.L.', companyId: company, status: 'in_review' }, [{ name: 'Toner' }, { name: 'Freight' }]);
    inv.ready = await makeInvoice(t.db.sql, { ...ACME, companyId: company, status: 'ready' }, [{ name: 'Toner' }]);
    inv.approved = await makeInvoice(t.db.sql, { ...ACME, companyId: company, status: 'approved' }, [{ name: 'Toner' }]);
    inv.edited = await makeInvoice(t.db.sql, { ...ACME, companyId: company }, [{ name: 'Toner' }]);
    inv.beta = await makeInvoice(t.db.sql, { sellerName: 'Beta Logistik GmbH', sellerVatId: 'DE811111111', companyId: company }, [{ name: 'Freight' }]);
    // a clerk coded the second line of the In review invoice by hand
    const [gl6200] = await t.db.sql<{ id: number }[]>`select id::int from gl_accounts where company_id = ${company} and code = '6200'`;
    await t.db.sql`insert into invoice_line_codings (invoice_line_id, position, amount, gl_account_id, source) values (${inv.inReview.lineIds[1]!}, 0, 100, ${gl6200!.id}, 'manual')`;

    const a = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Ada', lastName: 'Admin' });
    adminId = a.id;
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    const c = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    clerkId = c.id;
    clerk = new Browserless(t.app.url);
    await clerk.signIn(c.email, c.password);
    // an AP Manager whose only group is empty: sees none of these invoices
    const [g] = await t.db.sql<{ id: number }[]>`insert into document_groups (name, priority, conditions) values ('Empty', 1, '{"join":"and","children":[]}') returning id::int`;
    const m = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${g!.id}, ${m.id})`;
    manager = new Browserless(t.app.url);
    await manager.signIn(m.email, m.password);
  });

  it('offers the known suppliers by VAT id and name, and narrows them to what is typed', async () => {
    const page = await admin.get('/settings/coding-rules/new');
    assert.equal(page.status, 200);
    assert.match(page.text, /<input id="field-supplier" name="supplier" type="text" value="" list="known-suppliers"/);
    assert.match(page.text, /<datalist id="known-suppliers"><option value="IT01234567890">Acme Supplies S\.r\.l\. · VAT IT01234567890 · 5 invoices<\/option><option value="DE811111111">Beta Logistik GmbH · VAT DE811111111 · 1 invoice<\/option><\/datalist>/);
    const typed = await admin.post('/settings/coding-rules/check', rule({ supplier: 'logistik' }));
    assert.equal(typed.status, 200);
    assert.match(typed.text, /<datalist id="known-suppliers" hx-swap-oob="true"><option value="DE811111111">Beta Logistik GmbH[^<]*<\/option><\/datalist>/);
  });

  it('refuses a supplier apdesk has never seen beside the field, suggests the close one, and takes it when ticked as new', async () => {
    const typo = await admin.post('/settings/coding-rules', rule({ supplier: 'Acme Supplies' }));
    assert.equal(typo.status, 422);
    assert.match(typo.text, /<p id="field-supplier-error" class="error" role="alert">“Acme Supplies” matches no supplier apdesk has seen/);
    assert.match(typo.text, /Did you mean:<\/p><ul class="suggestions"><li><code>IT01234567890<\/code> Acme Supplies S\.r\.l\./);
    assert.match(typo.text, /name="newSupplier"/);
    assert.match(typo.text, /value="Acme Supplies" list="known-suppliers"/, 'what was typed is kept');
    assert.equal((await t.db.sql`select 1 from coding_rules`).length, 0);

    const fresh = await admin.post('/settings/coding-rules', rule({ supplier: 'Gamma Nuovo S.p.A.', newSupplier: 'on' }));
    assert.equal(fresh.status, 303);
    const list = await admin.get('/settings/coding-rules');
    assert.match(list.text, /Gamma Nuovo S\.p\.A\.<br\/><span class="error">Matches no supplier apdesk has seen<\/span>/);
  });

  it('says how many open invoices the rule matches, live for the form and in the list', async () => {
    const live = await admin.post('/settings/coding-rules/check', rule({ supplier: 'it 0123.4567-890' }));
    assert.match(live.text, /Matches <strong>Acme Supplies S\.r\.l\. · VAT IT01234567890 · 5 invoices<\/strong>\./);
    // Received + In review + the one being edited; not Ready, not Approved; 5 lines, one of them coded by hand
    assert.match(live.text, /<strong>Matches 3 open invoices now<\/strong> \(5 lines; 1 line coded by hand stays as it is\)\./);
    const narrowed = await admin.post('/settings/coding-rules/check', rule({ supplier: 'IT01234567890', lineText: 'freight' }));
    assert.match(narrowed.text, /Matches 1 open invoice now<\/strong> \(1 line; 1 line coded by hand/);
    const elsewhere = await admin.post('/settings/coding-rules/check', rule({ supplier: 'IT01234567890', companyId: String(other) }));
    assert.match(elsewhere.text, /No open invoice matches now\./);
    assert.match((await manager.post('/settings/coding-rules/check', rule({ supplier: 'IT01234567890' }))).text, /matches no supplier on the invoices you can see/);

    await admin.get('/settings/coding-rules/new');
    assert.equal((await admin.post('/settings/coding-rules', rule({ supplier: 'IT01234567890', glAccountCode: '6200', itemId: 'NEVER' }))).status, 303);
    const list = await admin.get('/settings/coding-rules');
    assert.match(list.text, /<td class="rule-open"><span class="amount">0<\/span><\/td>/, 'a rule narrowed to an item no line has matches none');
    assert.match(list.text, /<td>IT01234567890<br\/><span class="muted">Acme Supplies S\.r\.l\.<\/span><\/td>/, 'a rule keyed by VAT id shows the supplier’s name');
  });

  it('applies a new rule to open invoices: codes them, keeps hand coding, leaves finished ones and one being edited, and records it', async () => {
    // someone else is editing this invoice right now
    await t.db.sql`insert into invoice_locks (invoice_id, user_id) values (${inv.edited!.id}, ${clerkId})`;
    await admin.get('/settings/coding-rules/new');
    const saved = await admin.post('/settings/coding-rules', rule({ supplier: 'IT01234567890', then: 'apply' }));
    assert.equal(saved.status, 303);
    const flash = (await admin.get('/settings/coding-rules')).text;
    assert.match(flash, /Rule #\d+ added; it coded 3 lines on 2 open invoices\. 2 invoices now fully coded and matched → Ready\. 1 invoice was skipped because someone is editing it; apply again later\./);

    const glOf = async (lineId: number) => (await codingsOf(t.db.sql, lineId)).map((p) => [p.gl, p.source]);
    assert.deepEqual(await glOf(inv.received!.lineIds[0]!), [['6100', 'rule']]);
    assert.deepEqual(await glOf(inv.received!.lineIds[1]!), [['6100', 'rule']]);
    assert.deepEqual(await glOf(inv.inReview!.lineIds[0]!), [['6100', 'rule']]);
    assert.deepEqual(await glOf(inv.inReview!.lineIds[1]!), [['6200', 'manual']], 'hand coding stays');
    for (const done of [inv.ready!, inv.approved!, inv.edited!, inv.beta!]) assert.deepEqual(await glOf(done.lineIds[0]!), [], 'finished, edited or other suppliers’ invoices untouched');
    assert.equal(await statusOf(t.db.sql, inv.received!.id), 'ready');
    assert.equal(await statusOf(t.db.sql, inv.approved!.id), 'approved');

    const events = await t.db.sql<{ invoiceId: number; actorId: number; reason: string }[]>`
      select invoice_id::int, actor_id::int, reason from invoice_events where action = 'coding' order by invoice_id`;
    assert.deepEqual(events.map((e) => [e.invoiceId, e.actorId]), [[inv.received!.id, adminId], [inv.inReview!.id, adminId]]);
    assert.match(events[0]!.reason, /^applied coding rule #\d+ to open invoices: 2 lines coded$/);
    const history = await admin.get(`/invoices/${inv.received!.id}`);
    assert.match(history.text, /<strong>Ada Admin<\/strong> applied coding rule #\d+ to open invoices: 2 lines coded/);
    const [auto] = await t.db.sql<{ readyTouchless: boolean }[]>`select ready_touchless from invoice_automation where invoice_id = ${inv.received!.id}`;
    assert.equal(auto!.readyTouchless, true, 'a rule coded it, no clerk: still touchless');
  });

  it('applies from the list once the edit is over, and changes nothing the second time', async () => {
    await t.db.sql`delete from invoice_locks where invoice_id = ${inv.edited!.id}`;
    const [r] = await t.db.sql<{ id: number }[]>`select id::int from coding_rules where supplier = 'IT01234567890' and gl_account_code = '6100'`;
    const list = await admin.get('/settings/coding-rules');
    assert.match(list.text, new RegExp(`<form method="post" action="/settings/coding-rules/${r!.id}/application" class="inline">`));
    const first = await admin.post(`/settings/coding-rules/${r!.id}/application`, { back: 'list' });
    assert.equal(first.status, 303);
    assert.equal(first.location, '/settings/coding-rules');
    assert.match((await admin.get('/settings/coding-rules')).text, /Rule #\d+ coded 1 line on 1 open invoice\. 1 invoice now fully coded/);
    // the In review invoice is Ready now, so nothing is open any more for this rule
    await t.db.sql`update invoices set status = 'in_review' where id = ${inv.inReview!.id}`;
    const again = await admin.post(`/settings/coding-rules/${r!.id}/application`, { back: 'rule' });
    assert.equal(again.location, `/settings/coding-rules/${r!.id}`);
    assert.match((await admin.get(`/settings/coding-rules/${r!.id}`)).text, /Rule #\d+ changed nothing on its 1 open invoice \(they are coded this way already, or by hand\)\./);
    assert.equal((await t.db.sql`select 1 from invoice_events where action = 'coding'`).length, 3);
  });

  it('hands a rule with more open invoices than a request should code to the worker, which codes them as the admin', async () => {
    const big = { sellerName: 'Delta Big S.p.A.', sellerVatId: 'IT05555555555', companyId: company };
    const many = [];
    for (let i = 0; i <= IN_REQUEST; i++) many.push(await makeInvoice(t.db.sql, big, [{ name: 'Service' }]));
    await admin.get('/settings/coding-rules/new');
    const saved = await admin.post('/settings/coding-rules', rule({ supplier: 'IT05555555555', then: 'apply' }));
    assert.equal(saved.status, 303);
    assert.match((await admin.get('/settings/coding-rules')).text, new RegExp(`added; it matches ${IN_REQUEST + 1} open invoices: apdesk is coding them in the background\\.`));
    assert.equal((await codingsOf(t.db.sql, many[0]!.lineIds[0]!)).length, 0, 'nothing coded in the request');
    const [r] = await t.db.sql<{ id: number }[]>`select id::int from coding_rules where supplier = 'IT05555555555'`;
    await admin.post(`/settings/coding-rules/${r!.id}/application`, { back: 'list' });
    assert.equal((await t.db.sql`select 1 from graphile_worker.jobs where task_identifier = 'coding_rules__apply_open'`).length, 1, 'a second click while it waits queues nothing more');

    const deps = { sql: t.db.sql, log: createLogger('silent'), config: testConfig(), mailer: {} as never, pagero: {} as never };
    await runOnce({ connectionString: t.db.url, taskList: taskList(deps as never), logger: new Logger(() => () => {}) });
    for (const inv of [many[0]!, many.at(-1)!]) {
      assert.deepEqual((await codingsOf(t.db.sql, inv.lineIds[0]!)).map((p) => [p.gl, p.source]), [['6100', 'rule']]);
      assert.equal(await statusOf(t.db.sql, inv.id), 'ready');
    }
    const events = await t.db.sql`select 1 from invoice_events where action = 'coding' and actor_id = ${adminId} and invoice_id = any(${many.map((m) => m.id)}::bigint[])`;
    assert.equal(events.length, IN_REQUEST + 1);
  });

  it('is for AP Managers and Admins only, and every post needs the CSRF token', async () => {
    const [r] = await t.db.sql<{ id: number }[]>`select id::int from coding_rules limit 1`;
    assert.equal((await clerk.post(`/settings/coding-rules/${r!.id}/application`, {})).status, 403);
    assert.equal((await clerk.post('/settings/coding-rules/check', rule({ supplier: 'IT01234567890' }))).status, 403);
    assert.equal((await admin.post(`/settings/coding-rules/${r!.id}/application`, {}, { csrf: null })).status, 403);
    assert.equal((await admin.post('/settings/coding-rules/999999/application', {})).status, 404);
    await t.db.sql`update coding_rules set active = false where id = ${r!.id}`;
    assert.equal((await admin.post(`/settings/coding-rules/${r!.id}/application`, { back: 'list' })).status, 303);
    assert.match((await admin.get('/settings/coding-rules')).text, new RegExp(`Rule #${r!.id} is off, so it was not applied; turn it on first\\.`));
  });
});
