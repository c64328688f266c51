/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { newPage, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';

describe('signing in with a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();

  it('goes from a bookmarked page through the login form to My Invoices, and logs out from the menu', async () => {
    const user = await makeUser(t.db.sql, { firstName: 'Marta', lastName: 'Lind' });
    const page = await newPage(chromium.browser);
    await page.goto(`${t.app.url}/invoices`);
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
    assert.equal((await page.goto(`${t.app.url}/profile`))?.url().includes('/login'), true);
  });

  it('works on a 360 px wide phone screen', async () => {
    const user = await makeUser(t.db.sql);
    const page = await newPage(chromium.browser, { width: 360, height: 740 });
    await page.goto(`${t.app.url}/login`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok((await overflow()) <= 0, `no horizontal scrolling on the dashboard (overflow ${await overflow()}px)`);
    await snap(page, '04-dashboard-360');
    await page.goto(`${t.app.url}/invoices`);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    assert.ok((await overflow()) <= 0, `no horizontal scrolling on My Invoices (overflow ${await overflow()}px)`);
    await snap(page, '05-my-invoices-360');
  });
});
