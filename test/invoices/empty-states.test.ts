/*
 * Empty and first-run states of My Invoices tell the truth (issue 18): not in any group
 * (and which user admins can fix it), no Pagero connection yet (the help article's three
 * steps), connected but no company, fetching (a count that refreshes itself), and none.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeCompany } from './helpers';

describe('My Invoices when it is empty', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let admin: Browserless;
  let adminId = 0;

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'], isUserAdmin: true, firstName: 'Ulla', lastName: 'Admin' });
    adminId = a.id;
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
  });

  it('tells a manager in no document group to ask a user admin, by name, instead of connecting Pagero', async () => {
    const m = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    const manager = new Browserless(t.app.url);
    await manager.signIn(m.email, m.password);
    const page = (await manager.get('/invoices')).text;
    assert.match(page, /You are not in any document group yet/);
    assert.match(page, /Ask a user admin to assign you a document group: <a href="mailto:[^"]+">Ulla Admin<\/a>\./);
    assert.doesNotMatch(page, /E-invoicing Login<\/a>: Pagero/);
    // the dashboard, the page after login, says the same
    const dashboard = (await manager.get('/')).text;
    assert.match(dashboard, /You are not in any document group yet[^]*Ask a user admin to assign you a document group: <a href="mailto:[^"]+">Ulla Admin<\/a>\./);
    assert.doesNotMatch((await admin.get('/')).text, /You are not in any document group yet/, 'not for those who see every invoice');
  });

  it('shows the three steps of the help article before any Pagero connection', async () => {
    const page = (await admin.get('/invoices')).text;
    assert.match(page, /No Pagero connection yet\./);
    assert.match(page, /<li>Click your initials, top right\.<\/li><li>Click <a href="\/einvoicing\/login" hx-boost="false">E-invoicing Login<\/a>: Pagero(&#39;|')s login page opens\.<\/li><li>Enter your Pagero credentials and click Continue\./);
    assert.doesNotMatch(page, /Too many invoices to count/);
  });

  it('says so when the connection has no company yet, on the list and the dashboard', async () => {
    await t.db.sql`insert into pagero_connections (user_id, chain_started_at, chain_expires_at) values (${adminId}, now(), now() + interval '3 years')`;
    assert.match((await admin.get('/invoices')).text, /No Pagero companies yet\./);
    assert.match((await admin.get('/')).text, /No Pagero companies yet: they appear after the first E-invoicing Login\./);
    assert.doesNotMatch((await admin.get('/')).text, /Every company is covered/);
  });

  it('counts the invoices being fetched, and asks again by itself', async () => {
    const company = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    const [run] = await t.db.sql`insert into sync_runs (company_id, trigger, imported) values (${company}, 'connected', 12) returning id`;
    const page = (await admin.get('/invoices')).text;
    assert.match(page, /<div class="empty card" role="status" hx-get="\/invoices" hx-trigger="every 3s" hx-target="#invoice-results" hx-swap="outerHTML">/);
    assert.match(page, /Fetching your invoices from Pagero: 12 so far\./);
    const fragment = await admin.request('GET', '/invoices', { headers: { 'HX-Request': 'true', 'HX-Target': 'invoice-results' } });
    assert.match(fragment.text, /^<div id="invoice-results">/);
    await t.db.sql`update sync_runs set status = 'succeeded', finished_at = now() where id = ${run!.id}`;
    const done = (await admin.get('/invoices')).text;
    assert.match(done, /No open invoices\./);
    assert.doesNotMatch(done, /every 3s/);
  });

  it('says no invoice matches when filters are set', async () => {
    assert.match((await admin.get('/invoices?q=nothing')).text, /No invoices match this view\./);
  });
});
