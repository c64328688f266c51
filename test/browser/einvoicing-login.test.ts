/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { useSandboxPair } from '../helpers/pagero';

describe('E-invoicing Login in a real browser', () => {
  const chromium = useBrowser();
  const t = useSandboxPair();

  it('follows the help article: initials, E-invoicing Login, Pagero credentials, Continue, back in My Invoices', async () => {
    const user = await makeUser(t.db.sql, { firstName: 'Giulia', lastName: 'Verdi' });
    const page = await newPage(chromium.browser);
    await signInThroughForm(page, t.pair.app.url, user.email, user.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();

    await page.getByText('GV', { exact: true }).click();
    await page.getByRole('link', { name: 'E-invoicing Login' }).click();
    await page.getByLabel('Username').waitFor();
    assert.ok(page.url().startsWith(`${t.pair.sandbox.url}/oauth/v2/oauth-authorize`));
    await page.getByLabel('Username').fill('anna.rossi');
    await page.getByLabel('Password').fill('anna-demo');
    await snap(page, '10-pagero-login');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByText('Connected to Pagero: 3 companies').waitFor();
    assert.ok(page.url().startsWith(`${t.pair.app.url}/invoices`));
    await snap(page, '11-connected');

    await page.goto(`${t.pair.app.url}/profile`);
    await page.getByRole('heading', { name: 'Pagero connection' }).waitFor();
    assert.match(await page.locator('section.card').first().innerText(), /Active/);
  });
});
