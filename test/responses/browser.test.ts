/// <reference lib="dom" />
/* A clerk rejects with a reason in Chromium and sees the response to the supplier on the invoice page, then delivered. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriousViolations } from '../helpers/axe';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { useSandboxPair } from '../helpers/pagero';
import { pageroCompany, responsesOf, sendDeps, sendUntilSettled } from './helpers';

describe('rejecting with a reason in a real browser', () => {
  const chromium = useBrowser();
  const t = useSandboxPair({ PAGERO_SEND_MODE: 'Test' }, { seedDemo: false });

  it('records the rejection, shows the response on the page, and shows it delivered once Pagero has it', async () => {
    const co = await pageroCompany(t.pair, t.db.sql, 1);
    const invoice = co.invoices[0]!;
    const page = await newPage(chromium.browser, { bypassCSP: true }); // axe-core is injected
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, t.pair.app.url, co.admin.email, co.admin.password, `/invoices/${invoice.id}`);
    await page.getByRole('heading', { name: `Invoice ${invoice.invoiceNumber}` }).waitFor();

    await page.locator('summary', { hasText: 'Hold or reject' }).click(); // the invoice page keeps hold and reject in a drop-down
    await page.getByLabel('Reason', { exact: true }).fill('Unit price 14.00 instead of the agreed 12.50');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByText('Choose what is wrong (the reason the supplier sees).').waitFor();
    await page.getByLabel('What is wrong').selectOption({ label: 'Prices incorrect' });
    await page.getByLabel('What the supplier should do').selectOption({ label: 'Issue new invoice' });
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByText(`Invoice ${invoice.invoiceNumber}: Received → Rejected.`).waitFor();

    const panel = page.getByRole('region', { name: 'Responses to the supplier' });
    await panel.getByText('Rejected (RE)').waitFor();
    await panel.getByText(/Prices incorrect/).waitFor();
    await panel.getByText('Waiting to be sent.').waitFor();
    await snap(page, 'responses-01-rejected');

    const [response] = await responsesOf(t.db.sql, invoice.id);
    assert.equal(await sendUntilSettled(sendDeps(t.pair, t.db.sql), response!.id), 'delivered');
    await page.reload();
    await panel.getByText(/Delivered by Pagero/).waitFor();
    await panel.getByText(/Asked of the supplier: Issue new invoice/).waitFor();
    await snap(page, 'responses-02-delivered');
    assert.deepEqual(await seriousViolations(page), []);

    await page.setViewportSize({ width: 360, height: 800 });
    await panel.getByText(/Delivered by Pagero/).waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px');
    await snap(page, 'responses-03-narrow');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${t.pair.app.url}/settings/einvoicing/responses`);
    const form = page.getByRole('form', { name: /^Responses of / });
    await form.getByLabel('Approved → AP').uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Response settings saved.').waitFor();
    assert.equal(await page.getByRole('form', { name: /^Responses of / }).getByLabel('Approved → AP').isChecked(), false);
    assert.deepEqual(await seriousViolations(page), []);
    await snap(page, 'responses-05-settings');

    await page.goto(`${t.pair.sandbox.url}/responses`);
    await page.getByRole('cell', { name: invoice.invoiceNumber, exact: true }).waitFor();
    await page.getByRole('cell', { name: 'PRI: Unit price 14.00 instead of the agreed 12.50' }).waitFor();
    await snap(page, 'responses-04-sandbox-page');
    assert.deepEqual(errors, []);
  });
});
