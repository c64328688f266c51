/// <reference lib="dom" />
/*
 * As an AP Admin in Chromium: add a webhook endpoint (secret shown once), see a delivery in
 * the log and send it again; create a scoped API token; and as a clerk see "From your ERP"
 * on an invoice and export it again. At 1280 and 360 px, with axe.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Logger, runOnce } from 'graphile-worker';
import type { JobDeps } from '../../jobs/index';
import { webhookDeliveriesSend } from '../../jobs/webhook_deliveries__send';
import { recordExportResult } from '../../src/erp/results';
import { createLogger } from '../../src/logger';
import { useTestApp } from '../helpers/app';
import { seriousViolations } from '../helpers/axe';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows } from '../invoices/helpers';
import { startReceiver } from './helpers';

describe('webhooks, tokens and the ERP banner in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' });

  it('adds an endpoint, shows the secret once, logs a delivery and sends it again', async () => {
    const receiver = await startReceiver();
    try {
      const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
      const page = await newPage(chromium.browser, { bypassCSP: true });
      await signInThroughForm(page, t.app.url, admin.email, admin.password, '/settings/webhooks');
      await page.getByLabel('URL').fill(receiver.url);
      await page.getByLabel(/invoice\.exported/).check();
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = (await page.getByRole('status', { name: 'New endpoint secret' }).locator('code.secret').textContent())!;
      assert.match(secret, /^whsec_/);
      receiver.setSecret(secret);
      assert.deepEqual(await seriousViolations(page), []);
      await snap(page, 'webhooks-01-added');

      const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved', number: 'ERP-4711' }]);
      await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'exported', erpDocumentId: '5100001', actor: { label: 'API token “SAP”' } });
      const jobs = { webhook_deliveries__send: webhookDeliveriesSend({ sql: t.db.sql, log: createLogger('silent'), config: t.app.config } as unknown as JobDeps) };
      await runOnce({ connectionString: t.db.url, taskList: jobs, logger: new Logger(() => () => {}) });
      assert.equal(receiver.received.filter((r) => r.verified).length, 1);

      await page.getByRole('link', { name: receiver.url }).click();
      await page.getByRole('cell', { name: 'ERP-4711', exact: true }).waitFor();
      await page.getByText('Delivered').waitFor();
      await page.getByRole('button', { name: 'Send invoice.exported for invoice ERP-4711 again' }).click();
      await page.getByText('Sending again now.').waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await snap(page, 'webhooks-02-log');
      await page.setViewportSize({ width: 360, height: 800 });
      await snap(page, 'webhooks-03-narrow');
      const wide = await page.evaluate(() => Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap')).map((e) => e.tagName + '.' + e.className).slice(0, 5));
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scrolling at 360 px: ${wide}`);

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${t.app.url}/settings/api-tokens`);
      await page.getByLabel('Name (which system uses it)').fill('SAP S/4HANA');
      await page.getByLabel(/invoices:read/).check();
      await page.getByLabel(/invoices:export/).check();
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.getByText(/Token “SAP S\/4HANA” was created/).waitFor();
      await page.getByRole('cell', { name: 'invoices:read invoices:export' }).waitFor();
      assert.deepEqual(await seriousViolations(page), []);
      await snap(page, 'api-tokens-01-scoped');
    } finally {
      await receiver.close();
    }
  });

  it('shows the API reference offline', async () => {
    const page = await newPage(chromium.browser);
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(t.app.url)) outside.push(r.url());
    });
    await page.goto(`${t.app.url}/api/docs`);
    await page.getByRole('heading', { name: /apdesk API/ }).first().waitFor();
    assert.deepEqual(outside, [], 'nothing from another origin');
    await snap(page, 'api-docs-01');
  });

  it('shows the ERP message on the invoice and exports it again', async () => {
    const clerk = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const [id] = await insertInvoiceRows(t.db.sql, [{ status: 'approved', number: 'INV-2026-000123', total: '12450.00' }]);
    await recordExportResult(t.db.sql, { invoiceId: id!, outcome: 'failed', message: 'Posting period 12/2026 is closed for company code 1000; vendor 300045 blocked for payment.', actor: { label: 'API token “SAP”' } });
    const page = await newPage(chromium.browser, { bypassCSP: true });
    await signInThroughForm(page, t.app.url, clerk.email, clerk.password, `/invoices/${id}`);
    const banner = page.getByRole('alert', { name: 'From your ERP' });
    await banner.getByText(/Posting period 12\/2026 is closed/).waitFor();
    assert.deepEqual(await seriousViolations(page), []);
    await snap(page, 'erp-01-export-failed');
    await page.setViewportSize({ width: 360, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px');
    await snap(page, 'erp-02-narrow');
    await banner.getByRole('button', { name: 'Export again' }).click();
    await page.getByText(/Export failed → Approved/).first().waitFor();
    assert.equal(await page.getByRole('alert', { name: 'From your ERP' }).count(), 0);
  });
});
