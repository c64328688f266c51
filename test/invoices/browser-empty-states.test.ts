/// <reference lib="dom" />
/*
 * The empty and first-run states of My Invoices in Chromium (issue 18 item 6): a manager in no
 * group is told whom to ask, by name; before any Pagero connection the help article's three
 * steps; while invoices are fetched a count that rises by itself and then the list, with no
 * reload. Screenshots: empty-0*.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { newPage, SCREENSHOTS, signInThroughForm, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany } from './helpers';

describe('My Invoices when it is empty, in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let admin: { id: number; email: string; password: string };

  before(async () => {
    admin = await makeUser(t.db.sql, { roles: ['ap_admin'], isUserAdmin: true, firstName: 'Ulla', lastName: 'Lindqvist' });
  });

  it('tells a manager in no document group which user admin to ask', async () => {
    const m = await makeUser(t.db.sql, { roles: ['ap_manager'], firstName: 'Marco' });
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, m.email, m.password);
    const empty = page.getByRole('status').filter({ hasText: 'You are not in any document group yet' });
    await empty.waitFor();
    assert.equal(await empty.getByRole('link', { name: 'Ulla Lindqvist' }).getAttribute('href'), `mailto:${admin.email}`);
    assert.equal(await page.getByText('E-invoicing Login', { exact: true }).count(), 1, 'only in the account menu, not as advice');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'empty-01-no-group.png') });
  });

  it('shows the help article’s three steps before any Pagero connection', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, admin.email, admin.password);
    const empty = page.getByRole('status').filter({ hasText: 'No Pagero connection yet.' });
    await empty.waitFor();
    const steps = await empty.locator('ol > li').allInnerTexts();
    assert.equal(steps.length, 3);
    assert.match(steps[0]!, /^Click your initials, top right\./);
    assert.match(steps[1]!, /^Click E-invoicing Login: Pagero's login page opens\./);
    assert.match(steps[2]!, /^Enter your Pagero credentials and click Continue\./);
    assert.equal(await empty.getByRole('link', { name: 'E-invoicing Login' }).getAttribute('href'), '/einvoicing/login');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'empty-02-no-connection.png') });
  });

  it('counts the invoices being fetched as they arrive, then shows the list, without a reload', async () => {
    await t.db.sql`insert into pagero_connections (user_id, chain_started_at, chain_expires_at) values (${admin.id}, now(), now() + interval '3 years')`;
    const company = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    const [run] = await t.db.sql<{ id: number }[]>`insert into sync_runs (company_id, trigger, imported) values (${company}, 'connected', 12) returning id::int`;
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, admin.email, admin.password);
    await page.getByText('Fetching your invoices from Pagero: 12 so far.').waitFor();
    await page.evaluate('window.marker = 42');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'empty-03-fetching.png') });
    await t.db.sql`update sync_runs set imported = 1240, heartbeat_at = now() where id = ${run!.id}`;
    await page.getByText('Fetching your invoices from Pagero: 1,240 so far.').waitFor();
    await insertInvoiceRows(t.db.sql, [{ number: 'FIRST-1', companyId: company }]);
    await t.db.sql`update sync_runs set status = 'succeeded', finished_at = now() where id = ${run!.id}`;
    await page.getByRole('link', { name: 'FIRST-1' }).waitFor();
    assert.equal(await page.evaluate('window.marker'), 42, 'the count and the list came in place');
  });
});
