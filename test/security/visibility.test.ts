/*
 * Issue 13 items 7 and 9: what a user may not see does not leak through the dashboard's touchless
 * rate, the invoice page's duplicate link or the upload results.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { corpusFile, followResult, insertInvoiceRows, makeGroup, UBL_EXAMPLE } from '../invoices/helpers';

describe('invisible invoices stay invisible (issue 13 items 7 and 9)', () => {
  const t = useTestApp();
  let specialist: Browserless;
  let ownGroup: number;
  let otherGroup: number;

  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    ownGroup = await makeGroup(t.db.sql, 'Mine', [user.id]);
    otherGroup = await makeGroup(t.db.sql, 'Theirs', []);
    specialist = new Browserless(t.app.url);
    await specialist.signIn(user.email, user.password);
  });

  it("the dashboard's touchless rate counts only the invoices the user sees (item 7)", async () => {
    await insertInvoiceRows(t.db.sql, [{ groupId: ownGroup }, { groupId: ownGroup }, { groupId: otherGroup }, { groupId: otherGroup }, { groupId: otherGroup }, { groupId: null }]);
    const page = await specialist.get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /0 of the 2 invoices received in the last 30 days/);
  });

  it('the invoice page names a possible duplicate only when the user may see it (item 9)', async () => {
    const [hidden] = (await insertInvoiceRows(t.db.sql, [{ groupId: otherGroup, number: 'SECRET-ORIGINAL-1' }])) as [number];
    const [seen] = (await insertInvoiceRows(t.db.sql, [{ groupId: ownGroup, number: 'SEEN-ORIGINAL-1' }])) as [number];
    const [copyOfHidden, copyOfSeen] = (await insertInvoiceRows(t.db.sql, [
      { groupId: ownGroup, number: 'COPY-1', duplicateOf: hidden },
      { groupId: ownGroup, number: 'COPY-2', duplicateOf: seen },
    ])) as [number, number];
    const page = await specialist.get(`/invoices/${copyOfHidden}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /SECRET-ORIGINAL-1/);
    assert.doesNotMatch(page.text, new RegExp(`href="/invoices/${hidden}"`));
    const visible = await specialist.get(`/invoices/${copyOfSeen}`);
    assert.match(visible.text, new RegExp(`Possible duplicate of <a href="/invoices/${seen}">invoice SEEN-ORIGINAL-1</a>`));
  });

  it("the list, the CSV export and the invoice page flag a duplicate of another group's invoice without naming it", async () => {
    const [hidden] = (await insertInvoiceRows(t.db.sql, [{ groupId: otherGroup, number: 'B-SECRET-7' }])) as [number];
    const [seen] = (await insertInvoiceRows(t.db.sql, [{ groupId: ownGroup, number: 'A-SEEN-7' }])) as [number];
    const [copyOfHidden, copyOfSeen] = (await insertInvoiceRows(t.db.sql, [
      { groupId: ownGroup, number: 'A-COPY-7', duplicateOf: hidden },
      { groupId: ownGroup, number: 'A-COPY-8', duplicateOf: seen },
    ])) as [number, number];

    const csv = await specialist.get('/invoices/export.csv');
    assert.equal(csv.status, 200);
    const rows = parse(csv.text, { bom: true, columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r['Invoice number'] === 'A-COPY-7');
    assert.ok(row, 'the copy is exported');
    assert.equal(row['Possible duplicate of'], 'an invoice you cannot see');
    assert.ok(!rows.some((r) => Object.values(r).includes(String(hidden))), "no cell holds the other group's invoice id");
    assert.doesNotMatch(csv.text, /B-SECRET-7/);
    const all = parse((await specialist.get('/invoices/export.csv')).text, { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(all.find((r) => r['Invoice number'] === 'A-COPY-8')?.['Possible duplicate of'], String(seen), 'a visible original is still named');

    const list = await specialist.get('/invoices?flagged=duplicate');
    assert.equal(list.status, 200);
    assert.match(list.text, /A-COPY-7/);
    assert.match(list.text, /Possible duplicate/);
    assert.doesNotMatch(list.text, new RegExp(`/invoices/${hidden}\\b`));
    assert.doesNotMatch(list.text, /B-SECRET-7/);

    const page = await specialist.get(`/invoices/${copyOfHidden}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Possible duplicate of an invoice you cannot see/);
    assert.doesNotMatch(page.text, new RegExp(`/invoices/${hidden}\\b`));
    assert.doesNotMatch(page.text, /B-SECRET-7/);
    assert.match((await specialist.get(`/invoices/${copyOfSeen}`)).text, new RegExp(`Possible duplicate of <a href="/invoices/${seen}">invoice A-SEEN-7</a>`));
    // the other group's invoice itself stays closed
    assert.equal((await specialist.get(`/invoices/${hidden}`)).status, 404);
  });

  it('upload results link a possible duplicate only when the uploader may see it (item 9)', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const upload = async (browser: Browserless, name: string) => {
      await browser.get('/invoices');
      const form = new FormData();
      form.append('_csrf', browser.csrf);
      form.append('files', new Blob([Buffer.from(corpusFile(UBL_EXAMPLE))], { type: 'application/xml' }), name);
      return followResult(browser, await browser.request('POST', '/invoices/uploads', { body: form }));
    };
    const adminBrowser = new Browserless(t.app.url);
    await adminBrowser.signIn(admin.email, admin.password);
    assert.equal((await upload(adminBrowser, 'first.xml')).status, 200);
    const [original] = await t.db.sql<{ id: number }[]>`select i.id::int from invoices i join documents d on d.id = i.document_id where d.filename = 'first.xml'`;
    const res = await upload(specialist, 'second.xml');
    assert.equal(res.status, 200);
    assert.match(res.text, /second\.xml/);
    assert.doesNotMatch(res.text, new RegExp(`href="/invoices/${original!.id}"`));
    assert.doesNotMatch(res.text, /possible duplicate<\/a>/);
  });
});

describe('purchase orders are scoped like invoices (issue 13 item 15)', () => {
  const t = useTestApp();

  it("an AP Specialist sees only the POs (and company choices) of their groups' companies; Financial Accounting sees all", async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const group = await makeGroup(t.db.sql, 'North', [user.id]);
    const [north] = await t.db.sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values ('po-north', 'North Company') returning id::int`;
    const [south] = await t.db.sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values ('po-south', 'South Company') returning id::int`;
    await insertInvoiceRows(t.db.sql, [{ groupId: group, companyId: north!.id }]);
    const [own] = await t.db.sql<{ id: number }[]>`insert into purchase_orders (company_id, po_number, source) values (${north!.id}, 'PO-NORTH-1', 'api') returning id::int`;
    const [foreign] = await t.db.sql<{ id: number }[]>`insert into purchase_orders (company_id, po_number, source) values (${south!.id}, 'PO-SOUTH-1', 'api') returning id::int`;

    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    const list = await browser.get('/purchase-orders');
    assert.equal(list.status, 200);
    assert.match(list.text, /PO-NORTH-1/);
    assert.doesNotMatch(list.text, /PO-SOUTH-1/);
    assert.doesNotMatch(list.text, /South Company/);
    assert.doesNotMatch((await browser.get(`/purchase-orders?company=${south!.id}`)).text, /PO-SOUTH-1/);
    assert.equal((await browser.get(`/purchase-orders/${own!.id}`)).status, 200);
    assert.equal((await browser.get(`/purchase-orders/${foreign!.id}`)).status, 404);

    const reader = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const fa = new Browserless(t.app.url);
    await fa.signIn(reader.email, reader.password);
    const all = await fa.get('/purchase-orders');
    assert.match(all.text, /PO-NORTH-1/);
    assert.match(all.text, /PO-SOUTH-1/);
  });
});
