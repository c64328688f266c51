/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { corpusFile, FATTURAPA_TWO_BODIES, UBL_EXAMPLE } from './helpers';

describe('uploading e-invoices on My Invoices in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();

  it('uploads chosen files in place and shows the results and the new rows', async () => {
    const user = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const page = await newPage(chromium.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    await page.getByText('No Pagero connection yet.').waitFor();

    await page.locator('summary', { hasText: 'Upload e-invoices' }).click();
    await page.getByLabel('E-invoice files').setInputFiles([
      { name: 'supplier.xml', mimeType: 'application/xml', buffer: Buffer.from(corpusFile(UBL_EXAMPLE)) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an invoice') },
    ]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const results = page.getByRole('region', { name: 'Upload results' });
    await results.getByRole('link', { name: 'invoice 12115118' }).waitFor();
    await results.getByText(/notes\.txt.*rejected/).waitFor();
    await page.getByRole('cell', { name: '12115118', exact: true }).waitFor();
    assert.match(page.url(), /\/invoices$/, 'stayed on the page: htmx posted in place');
    assert.equal(await page.getByLabel('E-invoice files').evaluate((input: HTMLInputElement) => input.files?.length), 0);
    await snap(page, 'invoices-01-upload-results');

    await results.getByRole('link', { name: 'invoice 12115118' }).click();
    await page.getByRole('heading', { name: 'Invoice 12115118' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('imports files dropped on the upload box', async () => {
    const user = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const page = await newPage(chromium.browser);
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    const xml = Buffer.from(corpusFile(FATTURAPA_TWO_BODIES)).toString('base64');
    await page.evaluate((b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'dropped.xml', { type: 'application/xml' }));
      const zone = document.querySelector('[data-dropzone]')!;
      zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, xml);
    const results = page.getByRole('region', { name: 'Upload results' });
    await results.getByRole('link', { name: 'invoice 4' }).waitFor();
    await snap(page, 'invoices-02-dropped');
  });
});
