/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { newPage, openBrowser, signInThroughForm, snap } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { startWithSandbox, type PageroPair } from '../helpers/pagero';

describe('E-invoicing Login in a real browser', () => {
  let db: TestDatabase;
  let pair: PageroPair;
  let browser: Browser;
  before(async () => {
    db = await createTestDatabase();
    pair = await startWithSandbox(db.sql);
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await pair?.close();
    await db?.close();
  });

  it('follows the help article: initials, E-invoicing Login, Pagero credentials, Continue, back in My Invoices', async () => {
    const user = await makeUser(db.sql, { firstName: 'Giulia', lastName: 'Verdi' });
    const page = await newPage(browser);
    await signInThroughForm(page, pair.app.url, user.email, user.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();

    await page.getByText('GV', { exact: true }).click();
    await page.getByRole('link', { name: 'E-invoicing Login' }).click();
    await page.getByLabel('Username').waitFor();
    assert.ok(page.url().startsWith(`${pair.sandbox.url}/oauth/v2/oauth-authorize`));
    await page.getByLabel('Username').fill('anna.rossi');
    await page.getByLabel('Password').fill('anna-demo');
    await snap(page, '10-pagero-login');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByText('Connected to Pagero: 3 companies').waitFor();
    assert.ok(page.url().startsWith(`${pair.app.url}/invoices`));
    await snap(page, '11-connected');

    await page.goto(`${pair.app.url}/profile`);
    await page.getByRole('heading', { name: 'Pagero connection' }).waitFor();
    assert.match(await page.locator('section.card').first().innerText(), /Active/);
  });
});
