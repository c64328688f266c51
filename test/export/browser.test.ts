import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useTestApp } from '../helpers/app';
import { seriousViolations } from '../helpers/axe';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { makeCompany } from '../coding/factory';
import { UBL_EXAMPLE } from '../invoices/helpers';
import { approvedInvoice, EXAMPLE2 } from './helpers';

/** Nothing wider than the window: no column or amount off-screen. */
async function assertFits(page: Page, what: string) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `${what}: the page is ${scroll}px wide in a ${width}px window`);
}

describe('Export batches in a real browser', () => {
  const b = useBrowser();
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' });
  let admin: { email: string; password: string };
  let company: number;
  before(async () => {
    admin = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Ada', lastName: 'Admin' });
    company = await makeCompany(t.db.sql, 'Rossi Costruzioni S.p.A.');
    for (let i = 0; i < 3; i++) await approvedInvoice(t.db.sql, company, i % 2 ? EXAMPLE2 : UBL_EXAMPLE);
  });

  it('exports the approved invoices selected on My Invoices and downloads the batch files', async () => {
    const page = await newPage(b.browser, { bypassCSP: true });
    await signInThroughForm(page, t.app.url, admin.email, admin.password, '/invoices?status=approved');
    for (const box of await page.locator('input[type=checkbox][name=ids]').all()) await box.check();
    await page.getByRole('button', { name: 'Export selected' }).click();
    await page.waitForURL(/\/export-batches\/\d+$/);
    await page.getByText(/Batch \d+: 3 invoices of Rossi Costruzioni/).waitFor();
    assert.equal(await page.locator('table tbody tr').count(), 3);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: /\.csv$/ }).click();
    assert.match((await download).suggestedFilename(), /^apdesk-batch-\d+\.csv$/);
    assert.deepEqual(await seriousViolations(page), []);
    await assertFits(page, 'batch page at 1280');
    await snap(page, 'export-batch-1280');
    await page.close();
  });

  it('fits the batch list, a batch and the SFTP settings on a 360 px phone', async () => {
    const page = await newPage(b.browser, { width: 360, height: 740 });
    await signInThroughForm(page, t.app.url, admin.email, admin.password, '/export-batches');
    await assertFits(page, 'batch list at 360');
    await page.goto(`${t.app.url}/invoices`);
    // on a phone My Invoices is a list of cards without the bulk bar (its choice); the bar with Export is there, folded away
    assert.equal(await page.locator('button[formaction="/export-batches"]').count(), 1);
    await assertFits(page, 'My Invoices at 360');
    await page.goto(`${t.app.url}/export-batches`);
    await snap(page, 'export-batches-360');
    await page.getByRole('link', { name: /^Batch \d+$/ }).first().click();
    await page.waitForURL(/\/export-batches\/\d+$/);
    await assertFits(page, 'batch page at 360');
    await snap(page, 'export-batch-360');
    await page.goto(`${t.app.url}/settings/export/${company}`);
    await assertFits(page, 'settings at 360');
    await snap(page, 'export-settings-360');
    await page.close();
  });

  it('saves SFTP settings with the form, keeps the password out of the page, and shows a refused field in place', async () => {
    const page = await newPage(b.browser, { bypassCSP: true });
    await signInThroughForm(page, t.app.url, admin.email, admin.password, `/settings/export/${company}`);
    await page.getByLabel('Goes to the ERP’s SFTP drop folder').check();
    await page.getByLabel('SFTP host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill('abc');
    await page.getByLabel('User', { exact: true }).fill('erp');
    await page.getByLabel('Password', { exact: true }).fill('s3cret-drop');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a port number, such as 22.').waitFor();
    await page.getByLabel('Port', { exact: true }).fill('2222');
    await page.getByLabel('Password', { exact: true }).fill('s3cret-drop');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Export settings of Rossi Costruzioni S\.p\.A\. saved\./).waitFor();
    assert.ok(!(await page.content()).includes('s3cret-drop'));
    await page.getByText('A password is stored (never shown). Leave empty to keep it.').waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await assertFits(page, 'settings at 1280');
    await snap(page, 'export-settings-1280');
    await page.close();
  });
});
