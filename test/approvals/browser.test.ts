/// <reference lib="dom" />
/*
 * The Approvals page in Chromium: a manager outside the invoice's groups sees what waits for
 * her with real amounts, approves one from its row and two more in bulk, at 1280×800 and at
 * 360 px (no column off-screen, no amount broken over lines), with no serious axe findings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seriousViolations } from '../helpers/axe';
import { newPage, SCREENSHOTS, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { useTestApp } from '../helpers/app';
import { insertInvoiceRows, makeGroup } from '../invoices/helpers';
import { person, statusOf } from './factory';

describe('the Approvals page in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();

  it('lists, approves one and approves in bulk, at 1280×800 and 360 px', async () => {
    const clerk = await person(t.db.sql, t.app.url, ['ap_specialist'], 'Clara', 'Clerk');
    const manager = await person(t.db.sql, t.app.url, ['ap_manager'], 'Mario', 'Manager');
    const group = await makeGroup(t.db.sql, 'AP team', [clerk.id]);
    const soon = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
    const rows = [
      { number: 'INV-2026-000731', sellerName: 'Officina Meccanica Lombarda di Rossi & Figli S.p.A.', total: '1234567.89', dueDate: soon },
      { number: 'INV-2026-000732', sellerName: 'Nordic Paper AB', total: '980.00', dueDate: '2099-06-30' },
      { number: 'INV-2026-000733', sellerName: 'Acme GmbH', total: '12.50', dueDate: '2099-07-31', currency: 'SEK' },
    ];
    const ids = await insertInvoiceRows(t.db.sql, rows.map((r) => ({ ...r, groupId: group, status: 'in_review' })));
    for (const id of ids) assert.equal((await clerk.browser.post(`/invoices/${id}/status-changes`, { action: 'mark_ready' })).status, 303);

    const page = await newPage(chromium.browser, { bypassCSP: true }); // axe-core is injected
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, t.app.url, manager.email, manager.password, '/approvals');
    await page.getByRole('heading', { name: 'Approvals' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /^Approvals/ }).innerText(), 'Approvals 3');
    const table = page.getByRole('region', { name: 'Invoices waiting for your approval' });
    assert.deepEqual(await table.locator('tbody tr td:nth-child(2)').allInnerTexts(), rows.map((r) => r.number));
    await table.getByText(/1,234,567\.89/).waitFor();
    await page.getByText('1 is due within 5 days.').waitFor();
    const cellsOffScreen = () => page.evaluate(() => Array.from(document.querySelectorAll('.approvals-table td')).filter((td) => {
      const box = td.getBoundingClientRect();
      return box.right > window.innerWidth + 1 || box.left < -1;
    }).length);
    const amountLines = () => page.evaluate(() => Array.from(document.querySelectorAll('.approvals-table td.amount')).map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    }));
    assert.equal(await cellsOffScreen(), 0, 'no column off-screen at 1280×800');
    assert.deepEqual(await amountLines(), [1, 1, 1], 'each amount on one line');
    await snap(page, 'approvals-01-list');
    assert.deepEqual(await seriousViolations(page), []);

    await page.getByRole('button', { name: 'Approve INV-2026-000731' }).click();
    await page.getByText('Approved: INV-2026-000731.').waitFor();
    assert.equal(await statusOf(t.db.sql, ids[0]!), 'approved');

    await page.getByLabel('Select invoice INV-2026-000732').check();
    await page.getByLabel('Select invoice INV-2026-000733').check();
    // At 360 px the rows become cards: every cell on screen, amounts on one line.
    await page.setViewportSize({ width: 360, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px');
    assert.equal(await cellsOffScreen(), 0, 'no cell off-screen at 360 px');
    assert.deepEqual(await amountLines(), [1, 1], 'each amount on one line');
    await snap(page, 'approvals-02-narrow');
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByText('Approved: INV-2026-000732, INV-2026-000733.').waitFor();
    await page.getByText('Nothing waits for your approval.').waitFor();
    assert.deepEqual([await statusOf(t.db.sql, ids[1]!), await statusOf(t.db.sql, ids[2]!)], ['approved', 'approved']);
    await snap(page, 'approvals-03-done-narrow');

    // The chain on the invoice page, at 360 px and at 1280×800.
    const clerkPage = await newPage(chromium.browser, { width: 360, height: 800 });
    await signInThroughForm(clerkPage, t.app.url, clerk.email, clerk.password, `/invoices/${ids[0]}`);
    const panel = clerkPage.getByRole('region', { name: 'Approval' });
    await panel.getByText('Approved by Mario Manager').waitFor();
    assert.ok(await clerkPage.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px');
    await panel.screenshot({ path: `${SCREENSHOTS}approvals-04-chain-narrow.png` });
    await clerkPage.setViewportSize({ width: 1280, height: 800 });
    await panel.screenshot({ path: `${SCREENSHOTS}approvals-05-chain.png` });
    assert.deepEqual(errors, []);
  });
});
