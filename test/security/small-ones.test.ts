/*
 * Issue 13 items 8, 13 and 15: read-only roles take no editing lock and add no notes; the filter
 * trigger needs no eval; canonical ids only; the CSRF cookie is new after sign-in; OAuth cookies
 * live on /einvoicing; a missing form field gets a sentence, not valibot's raw text.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeGroup } from '../invoices/helpers';

describe('small hardening items (issue 13 items 8, 13 and 15)', () => {
  const t = useTestApp();
  let invoiceId: number;
  let clerk: { id: number; email: string; password: string };

  before(async () => {
    clerk = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const group = await makeGroup(t.db.sql, 'Clerks', [clerk.id]);
    [invoiceId] = (await insertInvoiceRows(t.db.sql, [{ groupId: group, number: 'SMALL-1' }])) as [number];
  });

  it('Financial Accounting cannot take the editing lock or add notes; a clerk can (item 8)', async () => {
    const reader = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const browser = new Browserless(t.app.url);
    await browser.signIn(reader.email, reader.password);
    const page = await browser.get(`/invoices/${invoiceId}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, new RegExp(`action="/invoices/${invoiceId}/lock"`));
    assert.doesNotMatch(page.text, new RegExp(`action="/invoices/${invoiceId}/notes"`));
    assert.equal((await browser.post(`/invoices/${invoiceId}/lock`, {})).status, 403);
    assert.equal((await browser.post(`/invoices/${invoiceId}/notes`, { note: 'read-only note' })).status, 403);
    assert.equal((await t.db.sql`select count(*)::int as n from invoice_locks where invoice_id = ${invoiceId}`)[0]!.n, 0);
    assert.equal((await t.db.sql`select count(*)::int as n from invoice_events where invoice_id = ${invoiceId} and action = 'note'`)[0]!.n, 0);

    const clerkBrowser = new Browserless(t.app.url);
    await clerkBrowser.signIn(clerk.email, clerk.password);
    await clerkBrowser.get(`/invoices/${invoiceId}`);
    assert.equal((await clerkBrowser.post(`/invoices/${invoiceId}/lock`, {})).status, 303);
    await clerkBrowser.get(`/invoices/${invoiceId}`);
    assert.equal((await clerkBrowser.post(`/invoices/${invoiceId}/lock/release`, {})).status, 303);
  });

  it("My Invoices' filter trigger holds no JavaScript expression (the CSP forbids eval) (item 13)", async () => {
    const browser = new Browserless(t.app.url);
    await browser.signIn(clerk.email, clerk.password);
    const page = await browser.get('/invoices');
    const trigger = /<form[^>]*class="filters[^"]*"[^>]*hx-trigger="([^"]+)"/.exec(page.text)?.[1] ?? /hx-trigger="([^"]+)"[^>]*>\s*<input type="hidden"|hx-trigger="(submit[^"]+)"/.exec(page.text)?.[1];
    assert.ok(trigger, 'the filter form has an hx-trigger');
    assert.doesNotMatch(trigger!, /\[/, 'no [expression] filter');
    assert.match(trigger!, /input changed delay:400ms from:#filter-q/);
  });

  it('opens an invoice under its canonical id only (item 15)', async () => {
    const browser = new Browserless(t.app.url);
    await browser.signIn(clerk.email, clerk.password);
    assert.equal((await browser.get(`/invoices/${invoiceId}`)).status, 200);
    for (const alias of [`0x${invoiceId.toString(16)}`, `${invoiceId}.0`, `0${invoiceId}`, `${invoiceId}e0`, `%20${invoiceId}`, '0']) {
      assert.equal((await browser.get(`/invoices/${alias}`)).status, 404, alias);
    }
    assert.equal((await browser.get(`/invoices/0x${invoiceId.toString(16)}/original`)).status, 404);
  });

  it('gives the browser a new CSRF cookie at sign-in: a token from before no longer works (item 15)', async () => {
    const browser = new Browserless(t.app.url);
    await browser.get('/login');
    const before = { cookie: browser.cookie('apdesk_csrf'), token: browser.csrf };
    await browser.signIn(clerk.email, clerk.password);
    assert.notEqual(browser.cookie('apdesk_csrf'), before.cookie);
    const stale = await browser.post('/logout', {}, { csrf: before.token });
    assert.equal(stale.status, 403);
    await browser.get('/invoices');
    assert.equal((await browser.post('/logout', {})).status, 303);
  });

  it('keeps the OAuth state and verifier cookies on Path=/einvoicing (item 15)', async () => {
    const browser = new Browserless(t.app.url);
    await browser.signIn(clerk.email, clerk.password);
    const res = await browser.get('/einvoicing/login');
    assert.equal(res.status, 302);
    const cookies = res.headers.getSetCookie().filter((c) => c.startsWith('pagero_oauth_'));
    assert.equal(cookies.length, 2);
    for (const cookie of cookies) assert.match(cookie, /Path=\/einvoicing(;|$)/, cookie);
  });

  it('shows a sentence for a missing form field, never valibot text (item 15)', async () => {
    const browser = new Browserless(t.app.url);
    await browser.signIn(clerk.email, clerk.password);
    await browser.get('/profile');
    const res = await browser.post('/profile/password', { newPassword: 'a new password here', confirmPassword: 'a new password here' });
    assert.equal(res.status, 422);
    assert.doesNotMatch(res.text, /Invalid key|Expected "|received undefined/);
    assert.match(res.text, /Fill in this field; it was missing from the form\./);
  });
});
