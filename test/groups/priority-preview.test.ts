/*
 * Moving a group in priority shows, before saving, how many invoices each affected group
 * gains or loses (issue 18): the arrows open a preview page, drag and drop (htmx) a panel;
 * only "Save this order" changes the priority.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { and, makeCompany, makeGroup, makeInvoice, row } from './factory';

const BASE = '/settings/document-groups';

describe('Document Groups: the priority-move preview', () => {
  const t = useTestApp();
  let admin: Browserless;
  let all = 0;
  let italian = 0;
  let sek = 0;
  const order = async () => (await t.db.sql<{ id: number }[]>`select id::int from document_groups order by priority`).map((r) => r.id);

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    const acme = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    all = await makeGroup(t.db.sql, 'All e-invoices', and(row('invScannedBy', 'equals', 'Pagero')));
    italian = await makeGroup(t.db.sql, 'Italian Invoices', and(row('company', 'equals', 'Acme Italia S.r.l.')));
    sek = await makeGroup(t.db.sql, 'Swedish crowns', and(row('currency', 'equals', 'SEK')));
    for (let i = 0; i < 3; i++) await makeInvoice(t.db.sql, { invScannedBy: 'Pagero', companyId: acme, documentGroupId: all });
    for (let i = 0; i < 2; i++) await makeInvoice(t.db.sql, { invScannedBy: 'Pagero', documentGroupId: all });
    await makeInvoice(t.db.sql, { invScannedBy: 'Upload', companyId: acme, documentGroupId: italian });
    await makeInvoice(t.db.sql, { invScannedBy: 'Upload', currency: 'SEK', documentGroupId: sek });
  });

  it('shows what moving a group up would take from which group, and changes nothing until saved', async () => {
    const list = await admin.get(BASE);
    assert.match(list.text, new RegExp(`<form id="move-${italian}-up" method="get" action="${BASE}/${italian}/priority-preview" hidden(="")?>`));
    assert.match(list.text, new RegExp(`<button type="submit" form="move-${italian}-up" aria-label="Move Italian Invoices up">`));
    const page = await admin.get(`${BASE}/${italian}/priority-preview?direction=up`);
    assert.equal(page.status, 200);
    const rows = [...page.text.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="amount">([^<]+)<\/td><td class="amount">([^<]+)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1));
    assert.deepEqual(rows, [
      ['Italian Invoices', '+3', '0', '3 invoices from All e-invoices'],
      ['All e-invoices', '0', '−3', '3 invoices to Italian Invoices'],
    ]);
    assert.match(page.text, /<ol class="new-order"><li>Italian Invoices<\/li><li>All e-invoices<\/li><li>Swedish crowns<\/li><\/ol>/);
    assert.deepEqual(await order(), [all, italian, sek], 'nothing saved yet');

    const saved = await admin.post(`${BASE}/priority`, { order: [String(italian), String(all), String(sek)] });
    assert.equal(saved.status, 303);
    assert.deepEqual(await order(), [italian, all, sek]);
  });

  it('says so when a move changes no invoice, and previews a dropped order for htmx', async () => {
    const quiet = await admin.get(`${BASE}/${sek}/priority-preview?direction=up`);
    assert.match(quiet.text, /No invoice changes group\./);
    const dropped = await admin.request('POST', `${BASE}/priority-preview`, {
      body: new URLSearchParams([['order', String(all)], ['order', String(italian)], ['order', String(sek)]]),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': admin.csrf, 'hx-request': 'true' },
    });
    assert.equal(dropped.status, 200);
    assert.match(dropped.text, /^<section class="card wide priority-preview"/);
    assert.match(dropped.text, /All e-invoices<\/th><td class="amount">\+3<\/td>/);
    assert.deepEqual(await order(), [italian, all, sek]);
  });

  it('offers the known companies, suppliers and currencies as choices while typing stays possible', async () => {
    const edit = await admin.get(`${BASE}/${italian}/edit`);
    assert.match(edit.text, /<datalist id="known-company"><option value="Acme Italia S.r.l."><\/option><\/datalist>/);
    assert.match(edit.text, /<datalist id="known-currency"><option value="EUR"><\/option><option value="SEK"><\/option><\/datalist>/);
    assert.match(edit.text, /<datalist id="known-supplier"><option value="Supplier \d+"><\/option>/);
    assert.match(edit.text, /<input id="r\.0-value" name="r\.0\.value"[^>]* type="text" value="Acme Italia S\.r\.l\."[^>]* list="known-company"\/>/);
  });
});
