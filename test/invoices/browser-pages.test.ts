/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, UBL_EXAMPLE, uploadCorpusFile } from './helpers';

const WITH_PDF = 'cii/ZUGFeRD-corpus__XRECHNUNG_Elektron.cii.xml';

describe('My Invoices and the invoice page in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();
  let user: { email: string; password: string };
  let withoutPdf = 0;
  let withPdf = 0;
  before(async () => {
    user = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Anna', lastName: 'Rossi' });
    await insertInvoiceRows(t.db.sql, [
      { number: 'INV-100', sellerName: 'Nordic Paper AB', total: '120.00', receivedAt: new Date('2026-03-01T08:00:00Z') },
      { number: 'INV-101', sellerName: 'Alpine Steel GmbH', total: '2500.50', status: 'in_review', warnings: ['Totals do not add up.'], receivedAt: new Date('2026-03-02T08:00:00Z') },
      { number: 'INV-102', sellerName: 'Baltic Foods OU', total: '99.99', currency: 'SEK', receivedAt: new Date('2026-03-03T08:00:00Z') },
    ]);
    withPdf = (await uploadCorpusFile(t.db.sql, WITH_PDF)).invoiceIds[0]!;
    withoutPdf = (await uploadCorpusFile(t.db.sql, UBL_EXAMPLE)).invoiceIds[0]!;
  });

  it('filters in place with htmx, sorts, and changes the status of selected rows', async () => {
    const page = await newPage(chromium.browser, { width: 1400, height: 900 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await snap(page, 'invoices-10-my-invoices');

    await page.getByLabel('Search').fill('nordic');
    await page.waitForURL(/\/invoices\?q=nordic$/);
    await page.getByRole('cell', { name: 'INV-101', exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'INV-100', exact: true }).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page was not reloaded: htmx swapped the table');
    await snap(page, 'invoices-11-search');

    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL(/\/invoices$/);
    await page.getByRole('cell', { name: 'INV-101', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Total' }).click();
    await page.waitForURL(/sort=total&dir=desc/);
    // the URL changes when htmx starts the request; the rows once it has swapped them in
    await page.locator('tbody tr').first().getByRole('cell', { name: 'INV-101', exact: true }).waitFor();

    await page.getByRole('checkbox', { name: 'Select invoice INV-100' }).check();
    await page.getByRole('checkbox', { name: 'Select invoice INV-102' }).check();
    await page.getByLabel('Change selected to').selectOption({ label: 'Start review' });
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    const result = page.getByRole('status', { name: 'Bulk change result' });
    await result.getByText('Start review: 2 invoices changed').waitFor();
    assert.match(page.url(), /\/invoices\?sort=total&dir=desc$/);
    await snap(page, 'invoices-12-bulk-result');
    assert.deepEqual(errors, []);
  });

  it('shows an invoice without a PDF as a printable document, and takes it through edit, hold and history', async () => {
    const page = await newPage(chromium.browser, { width: 1400, height: 900 });
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.goto(`${t.app.url}/invoices/${withoutPdf}`);
    await page.getByRole('heading', { name: 'Invoice 12115118' }).waitFor();
    await page.getByText('Document', { exact: true }).click();
    const paper = page.getByRole('article', { name: 'The e-invoice as a document' });
    await paper.getByText('De Koksmaat').first().waitFor();
    await snap(page, 'invoices-13-invoice-page');

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByText(/You are editing this invoice/).waitFor();
    await page.locator('summary', { hasText: 'Hold or reject' }).click();
    await page.getByRole('button', { name: 'Put on hold', exact: true }).click();
    await page.getByText('Give a reason to put on hold.').waitFor();
    await page.getByLabel('Reason').fill('Waiting for the delivery note');
    await page.getByLabel('What is wrong').selectOption({ label: 'Delivery issues' });
    await page.getByRole('button', { name: 'Put on hold', exact: true }).click();
    await page.getByText('Invoice 12115118: Received → On hold.').waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText(/Anna Rossi Received → On hold: Delivery issues — “?Waiting for the delivery note/).waitFor();
    assert.equal(await page.getByText(/You are editing this invoice/).count(), 0, 'the status change ended the edit');
    await snap(page, 'invoices-14-on-hold');

    await page.getByRole('link', { name: 'Next →' }).click();
    await page.getByRole('heading', { name: /Invoice 181301674/ }).waitFor();
  });

  it('shows an attached PDF in the Document tab (beside the data on a wide screen), served inline as application/pdf', async () => {
    const page = await newPage(chromium.browser, { width: 1400, height: 900 });
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.goto(`${t.app.url}/invoices/${withPdf}`);
    await page.getByText('Document (PDF)').click();
    const frame = page.locator('iframe.pdf-view');
    await frame.waitFor();
    const src = await frame.getAttribute('src');
    assert.match(src!, /^\/invoices\/\d+\/attachments\/\d+\?inline=1$/);
    const res = await page.request.get(`${t.app.url}${src}`);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    assert.match(res.headers()['content-disposition']!, /^inline; filename="ElektronRapport\.pdf"/);
    await page.getByText('Invoice data', { exact: true }).click();
    await page.getByRole('link', { name: 'Aufmass.png' }).waitFor();
    await snap(page, 'invoices-15-invoice-with-pdf');
  });

  it('works without JavaScript: the filter form is a plain GET and the table a plain page', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    await page.getByText('More filters').click();
    await page.getByLabel('Currency').fill('SEK');
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL(/\/invoices\?currency=SEK$/);
    assert.deepEqual(await page.locator('tbody td a').allInnerTexts(), ['INV-102']);
    await context.close();
  });
});
