/// <reference lib="dom" />
/*
 * The help article, step by step, in a real browser against exactly what `npm start` gives a
 * newcomer: the embedded database, the Pagero sandbox and the worker. Each step saves a
 * screenshot under test-results/screenshots/walkthrough-*.png.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { newPage, openBrowser, snap } from '../helpers/browser';
import { npmStart, stop, type Started } from '../helpers/npm-start';

const ADMIN = { email: 'admin@acme.example', password: 'walkthrough-admin-1' };
const GIULIA = { first: 'Giulia', last: 'Verdi', email: 'giulia.verdi@acme.example', password: 'giulia-password-1' };
const PAOLO = { first: 'Paolo', last: 'Neri', email: 'paolo.neri@acme.example', password: 'paolo-password-12' };
const MARTA = { first: 'Marta', last: 'Bianchi', email: 'marta.bianchi@acme.example', password: 'marta-password-12' };

describe('the help article, in a browser, on `npm start`', () => {
  let dataDir: string;
  let app: Started;
  let browser: Browser;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'apdesk-walkthrough-'));
    await chmod(dataDir, 0o755);
    app = await npmStart(dataDir, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SYNC_INTERVAL: '1' });
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    if (app) await stop(app, 'SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
  });

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
  }

  async function addUser(page: Page, user: typeof GIULIA, role: string) {
    await page.goto(`${app.url}/users/new`);
    await page.getByLabel('First name').fill(user.first);
    await page.getByLabel('Last name').fill(user.last);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('AP Specialist').uncheck();
    await page.getByLabel(role).check();
    await page.getByLabel('Initial password (optional)').fill(user.password);
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText(`${user.email} was added.`).waitFor();
  }

  it('connects a user to Pagero, groups the Italian invoices for them, lets them code one, and a manager approves it', async () => {
    // An admin signs in and adds two users with roles.
    const admin = await newPage(browser);
    await signIn(admin, ADMIN);
    await snap(admin, 'walkthrough-01-dashboard');
    await addUser(admin, GIULIA, 'AP Manager');
    await addUser(admin, PAOLO, 'AP Specialist');
    await addUser(admin, MARTA, 'AP Manager');
    await admin.goto(`${app.url}/users`);
    await snap(admin, 'walkthrough-02-users');

    // Giulia: initials, E-invoicing Login, Pagero credentials, Continue, back in My Invoices.
    const giulia = await newPage(browser);
    await signIn(giulia, GIULIA);
    await giulia.getByText('GV', { exact: true }).click();
    await giulia.getByRole('link', { name: 'E-invoicing Login' }).click();
    await giulia.getByLabel('Username').fill('anna.rossi');
    await giulia.getByLabel('Password').fill('anna-demo');
    await snap(giulia, 'walkthrough-03-pagero-login');
    await giulia.getByRole('button', { name: 'Continue' }).click();
    await giulia.getByText('Connected to Pagero: 3 companies').waitFor();
    assert.match(giulia.url(), /\/invoices$/);
    await snap(giulia, 'walkthrough-04-connected');

    // The worker syncs within seconds.
    let italian = 0;
    for (let i = 0; i < 120 && italian === 0; i++) {
      await admin.goto(`${app.url}/settings/einvoicing`);
      const text = await admin.locator('tr', { hasText: 'Acme Italia' }).innerText();
      italian = Number(/Synced[^]*?(\d+) imported/.exec(text)?.[1] ?? 0);
      if (!italian) await admin.waitForTimeout(500);
    }
    assert.ok(italian > 0, 'the Italian company was synced');
    await snap(admin, 'walkthrough-05-coverage');

    // An earlier, broader group catches every e-invoice, so the new group's priority matters.
    await admin.goto(`${app.url}/settings/document-groups/new`);
    await admin.getByLabel('Group Name').fill('All e-invoices');
    await admin.getByRole('button', { name: 'Create Group' }).click();
    await admin.getByRole('heading', { name: 'All e-invoices' }).waitFor();

    // The admin creates "Italian Invoices": invScannedBy Equals Pagero And Company Equals the Italian company.
    await admin.goto(`${app.url}/settings/document-groups`);
    await admin.getByRole('link', { name: 'Create New Document Group' }).click();
    await admin.getByLabel('Group Name').fill('Italian Invoices');
    assert.equal(await admin.locator('select[name="r.0.field"]').inputValue(), 'invScannedBy');
    assert.equal(await admin.locator('select[name="r.0.value"]').inputValue(), 'Pagero');
    await admin.getByRole('button', { name: 'Condition', exact: true }).first().click();
    await admin.locator('select[name="r.1.field"]').waitFor();
    await admin.locator('select[name="r.1.field"]').selectOption('company');
    await admin.waitForSelector('input[name="r.1.value"][type="text"]');
    await admin.waitForFunction(() => !document.querySelector('.htmx-request')); // the editor has redrawn
    await admin.locator('input[name="r.1.value"]').fill('Acme Italia S.r.l.');
    await admin.getByText(`Matches ${italian} invoice`).waitFor();
    await snap(admin, 'walkthrough-06-group-editor');
    await admin.getByRole('button', { name: 'Create Group' }).click();
    await admin.getByRole('heading', { name: 'Italian Invoices' }).waitFor();

    // …moves it to the top priority…
    await admin.goto(`${app.url}/settings/document-groups`);
    await admin.getByRole('button', { name: 'Move Italian Invoices up' }).click();
    // apdesk first shows what the move takes from the catch-all group, then saves it
    await admin.getByRole('region', { name: 'Before you save this order' }).getByText(/from All e-invoices/).first().waitFor();
    await snap(admin, 'walkthrough-07a-priority-preview');
    await admin.getByRole('button', { name: 'Save this order' }).click();
    await admin.waitForFunction(() => document.querySelector('#group-list tbody tr')?.textContent?.includes('Italian Invoices'));
    await snap(admin, 'walkthrough-07-priority');
    await admin.getByRole('link', { name: 'Italian Invoices' }).click();
    await admin.getByRole('heading', { name: 'Italian Invoices' }).waitFor();

    // …and assigns it to Giulia.
    await admin.getByLabel('Assign a user').selectOption({ label: `${GIULIA.first} ${GIULIA.last} (${GIULIA.email})` }).catch(async () => {
      await admin.getByLabel('Assign a user').selectOption({ label: new RegExp(GIULIA.first) as unknown as string });
    });
    await admin.getByRole('button', { name: 'Assign' }).click();
    await admin.getByText(`${GIULIA.first} ${GIULIA.last}`).first().waitFor();
    await snap(admin, 'walkthrough-08-group-assigned');

    // Giulia now sees exactly the Italian invoices.
    let rows = 0;
    for (let i = 0; i < 60; i++) {
      await giulia.goto(`${app.url}/invoices`);
      const companies = await giulia.locator('table tbody tr td:nth-child(4)').allInnerTexts().catch(() => []);
      rows = await giulia.locator('table tbody tr').count();
      if (rows > 0 && companies.length) break;
      await giulia.waitForTimeout(500);
    }
    assert.ok(rows > 0, 'Giulia sees invoices');
    const bodyText = await giulia.locator('table tbody').innerText();
    assert.match(bodyText, /Acme Italia S\.r\.l\./);
    // Her group holds the Italian invoices only. The demo's rules and orders (src/demo) move some invoices of every
    // company to Ready, where an approval waits for any AP Manager: those she sees too, and only those.
    for (const row of await giulia.locator('table tbody tr').allInnerTexts()) {
      if (!/\tReady\t/.test(row)) assert.match(row, /Acme Italia S\.r\.l\.\t[^]*Italian Invoices/, `not awaiting her approval, so in her group: ${row}`);
    }
    await snap(giulia, 'walkthrough-09-my-invoices');

    // The admin gives the Italian company a GL account to code against.
    await admin.goto(`${app.url}/settings/master-data`);
    await admin.getByRole('link', { name: 'Acme Italia S.r.l.' }).click();
    await admin.getByRole('link', { name: 'GL accounts' }).click();
    await admin.waitForURL(/\/gl-accounts$/);
    await admin.getByLabel('Code', { exact: true }).fill('6000');
    await admin.getByLabel('Name', { exact: true }).fill('Packaging and supplies');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Packaging and supplies').first().waitFor();

    // She opens one, codes a line and approves it.
    await giulia.locator('table tbody tr', { hasText: 'Received' }).first().locator('a').first().click(); // one nobody has touched yet
    await giulia.getByRole('heading', { level: 1, name: /^Invoice / }).waitFor();
    const invoiceUrl = giulia.url().split('?')[0]!;
    await snap(giulia, 'walkthrough-10-invoice');
    await giulia.getByRole('button', { name: 'Start review' }).click();
    await giulia.getByRole('button', { name: 'Mark ready', exact: true }).waitFor(); // offered only once the invoice is in review

    await giulia.goto(`${invoiceUrl}/coding`); // leads to the coding on the invoice page
    const firstLine = giulia.locator('section.coding-line').first();
    await firstLine.getByLabel('GL account').fill('6000');
    // htmx saves the line in place: wait for that answer, not for a quiet network (the request may not have started yet).
    const saved = giulia.waitForResponse((r) => r.request().method() === 'POST' && /\/coding\/lines\/\d+/.test(r.url()));
    await firstLine.getByRole('button', { name: 'Save', exact: true }).click();
    assert.equal((await saved).status(), 200);
    await snap(giulia, 'walkthrough-11-coded');
    await giulia.reload();
    assert.equal(await giulia.locator('section.coding-line').first().getByLabel('GL account').inputValue(), '6000', 'the coding was saved');

    await giulia.goto(invoiceUrl);
    await giulia.getByRole('button', { name: 'Mark ready', exact: true }).click();
    // Lines not matched to the order (or an order apdesk does not have) make apdesk ask first.
    const anyway = giulia.getByRole('button', { name: 'Mark ready anyway', exact: true });
    const segregated = giulia.getByText('You coded this invoice, so someone else must approve it (segregation of duties).');
    await anyway.or(segregated).waitFor();
    if (await anyway.isVisible()) await anyway.click();
    // She coded it and marked it Ready, so she may not approve it: the page says why.
    await segregated.waitFor();
    assert.equal(await giulia.getByRole('button', { name: 'Approve', exact: true }).count(), 0);
    const invoiceNumber = (await giulia.getByRole('heading', { level: 1 }).innerText()).split(' · ')[0]!.replace(/^Invoice /, '').trim();

    // The manager, in no document group, finds it on her Approvals page and approves it there.
    const marta = await newPage(browser);
    await signIn(marta, MARTA);
    await marta.getByRole('link', { name: /^Approvals/ }).click();
    await marta.getByRole('heading', { name: 'Approvals' }).waitFor();
    await marta.getByRole('link', { name: invoiceNumber, exact: true }).waitFor();
    await snap(marta, 'walkthrough-12-approvals-page');
    await marta.getByRole('button', { name: `Approve ${invoiceNumber}` }).click();
    await marta.getByText(`Approved: ${invoiceNumber}.`).waitFor();

    await giulia.reload();
    await giulia.getByText('Approved by Marta Bianchi').waitFor();
    await snap(giulia, 'walkthrough-13-approved');
    const history = await giulia.locator('main').innerText();
    assert.match(history, /Approved/);
    assert.match(history, /Marta Bianchi Approved step 1 of 1/);
  });
});
