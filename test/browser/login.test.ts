/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app';
import { newPage, openBrowser, snap } from '../helpers/browser';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';

describe('signing in with a real browser', () => {
  let db: TestDatabase;
  let app: TestApp;
  let browser: Browser;
  before(async () => {
    db = await createTestDatabase();
    app = await startTestApp(db.sql);
    browser = await openBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('goes from a bookmarked page through the login form to My Invoices, and logs out from the menu', async () => {
    const user = await makeUser(db.sql, { firstName: 'Marta', lastName: 'Lind' });
    const page = await newPage(browser);
    await page.goto(`${app.url}/invoices`);
    assert.match(page.url(), /\/login\?next=%2Finvoices$/);
    await snap(page, '01-login');

    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email or password is incorrect.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-password');

    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    assert.match(page.url(), /\/invoices$/);
    await snap(page, '02-my-invoices');

    await page.getByText('ML', { exact: true }).click();
    await page.getByRole('link', { name: 'E-invoicing Login' }).waitFor();
    await snap(page, '03-user-menu');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in to apdesk' }).waitFor();
    assert.equal((await page.goto(`${app.url}/profile`))?.url().includes('/login'), true);
  });

  it('works on a 360 px wide phone screen', async () => {
    const user = await makeUser(db.sql);
    const page = await newPage(browser, { width: 360, height: 740 });
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, `no horizontal scrolling on the dashboard (overflow ${await overflow()}px)`);
    await snap(page, '04-dashboard-360');
    await page.goto(`${app.url}/invoices`);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    assert.ok((await overflow()) <= 0, `no horizontal scrolling on My Invoices (overflow ${await overflow()}px)`);
    await snap(page, '05-my-invoices-360');
  });
});
