/// <reference lib="dom" />
/*
 * axe-core finds no serious or critical violation on any page, forms are keyboard-operable,
 * and focus lands on the first error after a failed form.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { seriousViolations } from '../helpers/axe';
import { newPage, signInThroughForm, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { useSandboxPair } from '../helpers/pagero';
import { readFileSync } from 'node:fs';
import { storeDocument } from '../../src/invoices/store';

const UBL = new URL('../../../shared/corpus/ubl/', import.meta.url);

describe('accessibility', () => {
  const chromium = useBrowser();
  const t = useSandboxPair();
  let invoiceId: number;
  before(async () => {
    const file = (await import('node:fs')).readdirSync(UBL).find((f) => f.endsWith('.xml'))!;
    const stored = await storeDocument(t.db.sql, { source: 'upload', bytes: readFileSync(new URL(file, UBL)), filename: file }, { maxBytes: 20_000_000 });
    invoiceId = stored.invoiceIds[0]!;
    await storeDocument(t.db.sql, { source: 'upload', bytes: new TextEncoder().encode('not xml'), filename: 'broken.xml' }, { maxBytes: 20_000_000 });
  });

  it('finds no serious or critical violation on any page', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin', 'financial_accounting'], isUserAdmin: true });
    const page = await newPage(chromium.browser, { bypassCSP: true });
    await page.goto(`${t.pair.app.url}/login`);
    const problems: string[] = [];
    const check = async (path: string) => {
      if (path !== '/login') await page.goto(`${t.pair.app.url}${path}`);
      for (const v of await seriousViolations(page)) problems.push(`${path}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.slice(0, 3).join(', ')}`);
    };
    await check('/login');
    await signInThroughForm(page, t.pair.app.url, admin.email, admin.password, '/');
    const pages = [
      '/', '/invoices', `/invoices/${invoiceId}`, '/profile', '/users', '/users/new', `/users/${admin.id}`,
      '/settings', '/settings/einvoicing', '/settings/outbox', '/needs-attention', '/settings/document-groups', '/settings/document-groups/new',
      `/invoices/${invoiceId}/coding`, '/invoices/complete', '/settings/master-data', '/settings/coding-rules', '/purchase-orders', '/settings/api-tokens',
      '/settings/coding-rules/new', '/settings/master-data/import',
    ];
    for (const path of pages) await check(path);
    assert.deepEqual(problems, []);
  });

  it('lets every page be used on a 360 px wide screen without sideways scrolling', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin', 'financial_accounting'], isUserAdmin: true });
    const page = await newPage(chromium.browser, { width: 360, height: 740 });
    await signInThroughForm(page, t.pair.app.url, admin.email, admin.password, '/');
    const wide: string[] = [];
    for (const path of ['/', '/invoices', `/invoices/${invoiceId}`, '/profile', '/users', '/users/new', '/settings', '/settings/einvoicing', '/settings/outbox', '/needs-attention', '/settings/document-groups', '/settings/document-groups/new', `/invoices/${invoiceId}/coding`, '/settings/master-data', '/settings/coding-rules', '/purchase-orders', '/settings/coding-rules/new', '/settings/master-data/import']) {
      await page.goto(`${t.pair.app.url}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) wide.push(`${path}: ${overflow}px`);
    }
    assert.deepEqual(wide, []);
  });

  it('moves focus to the first field in error after a failed form, and works by keyboard', async () => {
    const admin = await makeUser(t.db.sql, { isUserAdmin: true });
    const page = await newPage(chromium.browser);
    await page.goto(`${t.pair.app.url}/login`);
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.pair.app.url}/`);

    await page.goto(`${t.pair.app.url}/users/new`);
    await page.getByLabel('First name').fill('Only');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText('Enter the last name.').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-lastName');
  });
});
