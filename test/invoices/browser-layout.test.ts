/// <reference lib="dom" />
/*
 * My Invoices as a clerk sees it (issue 18): the first rows on a 1366 × 768 laptop, every
 * column and amount fitting at 1280 × 800, the phone view at 360 and 390 px, the due-date
 * chips, select-all and the sum of the selected rows. Real amounts, long names, several
 * currencies and credit notes.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useTestApp } from '../helpers/app';
import path from 'node:path';
import { newPage, SCREENSHOTS, signInThroughForm, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { insertInvoiceRows, makeCompany, makeGroup, type InvoiceAttrs } from './helpers';

/** What the screen shows (not the whole page): the first screen is what this test is about. */
const snap = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

/** Received last, so it is in the first row: a long number must not wrap at its hyphens nor push columns off-screen. */
const LONG_NUMBER = 'INV-2026-000123-ACME-ITALIA-SRL';

/** The long number's link: on one line, cut with an ellipsis if need be, and the whole number in its title and text. */
async function assertLongNumberOnOneLine(page: Page) {
  const link = page.locator('.invoice-table tbody tr').first().getByRole('link', { name: LONG_NUMBER });
  const shape = await link.evaluate((el) => ({
    lines: el.getClientRects().length,
    height: el.getBoundingClientRect().height,
    lineHeight: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5,
    title: el.getAttribute('title'),
    right: el.getBoundingClientRect().right,
    cellRight: el.closest('td')!.getBoundingClientRect().right,
  }));
  assert.equal(shape.title, LONG_NUMBER, 'the whole number is in the title');
  assert.equal(shape.lines, 1, 'one box');
  assert.ok(shape.height < shape.lineHeight * 1.5, `one line high: ${JSON.stringify(shape)}`);
  assert.ok(shape.right <= shape.cellRight + 0.5, `inside its cell: ${JSON.stringify(shape)}`);
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The page fits its width and no amount wraps: what a clerk needs at 1280 px and on a phone. */
async function assertFits(page: Page) {
  const measured = await page.evaluate(() => {
    const doc = document.scrollingElement!;
    const wraps = Array.from(document.querySelectorAll('.table-wrap')).map((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    const tall = Array.from(document.querySelectorAll<HTMLElement>('span.amount, .list-sums .amount'))
      .filter((el) => el.getClientRects().length > 1 || el.getBoundingClientRect().height > parseFloat(getComputedStyle(el).lineHeight || '24') * 1.5)
      .map((el) => el.textContent);
    return { page: { scroll: doc.scrollWidth, client: doc.clientWidth }, wraps, tall, amounts: document.querySelectorAll('span.amount').length };
  });
  assert.ok(measured.page.scroll <= measured.page.client, `the page scrolls sideways: ${JSON.stringify(measured.page)}`);
  for (const wrap of measured.wraps) assert.ok(wrap.scroll <= wrap.client, `a table scrolls sideways: ${JSON.stringify(wrap)}`);
  assert.ok(measured.amounts > 10, 'amounts are on the page');
  assert.deepEqual(measured.tall, [], 'no amount is broken over lines');
}

async function assertFitsDashboard(page: Page) {
  const { scroll, client, cards } = await page.evaluate(() => ({
    scroll: document.scrollingElement!.scrollWidth,
    client: document.scrollingElement!.clientWidth,
    // a card may scroll inside itself on a phone (overflow-x: auto): none should need to
    cards: Array.from(document.querySelectorAll<HTMLElement>('.dashboard .card')).filter((c) => c.scrollWidth > c.clientWidth).map((c) => `${c.querySelector('h2')?.textContent}: ${c.scrollWidth} > ${c.clientWidth}`),
  }));
  assert.ok(scroll <= client, `the dashboard scrolls sideways: ${scroll} > ${client}`);
  assert.deepEqual(cards, [], 'every dashboard card fits');
}

describe('My Invoices on a laptop and a phone', () => {
  const chromium = useBrowser();
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let user: { email: string; password: string };

  before(async () => {
    user = await makeUser(t.db.sql, { roles: ['ap_admin'], firstName: 'Giulia', lastName: 'Bianchi' });
    const italia = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    const gmbh = await makeCompany(t.db.sql, 'Acme Deutschland Handelsgesellschaft mbH');
    const group = await makeGroup(t.db.sql, 'Italian e-invoices (FatturaPA and Peppol)');
    const suppliers = ['Ferramenta Lombarda di Giovanni Rossi & Figli S.r.l.', 'Nordic Paper AB', 'Alpine Steel Components GmbH & Co. KG', 'Baltic Foods OÜ', 'Servizi Informatici Integrati S.p.A.'];
    const rows: InvoiceAttrs[] = [];
    for (let n = 0; n < 60; n += 1) {
      rows.push({
        number: n === 59 ? LONG_NUMBER : n % 7 === 0 ? `FT-2026/000${763 + n}-IT-BIS` : `763/${2026 + (n % 3)}`,
        sellerName: suppliers[n % suppliers.length]!,
        companyId: n % 2 === 0 ? italia : gmbh,
        groupId: n % 3 === 0 ? null : group,
        currency: n % 5 === 0 ? 'SEK' : n % 11 === 0 ? 'CHF' : 'EUR',
        total: n % 4 === 0 ? '1234567.89' : n % 3 === 0 ? '205.00' : `${26831 + n}.81`,
        documentType: n % 9 === 0 ? 'credit_note' : 'invoice',
        issueDate: day(-60 + n),
        dueDate: day(-45 + n),
        status: n % 6 === 0 ? 'on_hold' : n % 4 === 0 ? 'in_review' : 'received',
        warnings: n % 8 === 0 ? ['Totals do not add up.'] : [],
        attachmentCount: n % 5 === 0 ? 2 : 0,
        duplicateOf: null,
        receivedAt: new Date(Date.now() - (60 - n) * 3_600_000),
      });
    }
    await insertInvoiceRows(t.db.sql, rows);
  });

  it('shows the first invoice row without scrolling at 1366 × 768', async () => {
    const page = await newPage(chromium.browser, { width: 1366, height: 768 });
    await signInThroughForm(page, t.app.url, user.email, user.password);
    const first = page.locator('.invoice-table tbody tr').first();
    await first.waitFor();
    const box = await first.boundingBox();
    assert.ok(box && box.y + box.height <= 768, `the first row ends at ${box && box.y + box.height} px, below the fold`);
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    await snap(page, 'list-01-laptop-1366');
  });

  it('fits every column and amount at 1280 × 800, and upload opens a drop zone', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.locator('.invoice-table tbody tr').first().waitFor();
    await assertFits(page);
    await assertLongNumberOnOneLine(page);
    await snap(page, 'list-02-laptop-1280');
    for (const column of ['Status', 'Document group', 'Flags']) {
      const header = page.getByRole('columnheader', { name: column });
      const box = await header.boundingBox();
      assert.ok(box && box.x + box.width <= 1280, `${column} is on screen`);
    }
    assert.equal(await page.getByLabel('E-invoice files').isVisible(), false, 'the drop zone is folded away');
    await page.locator('summary', { hasText: 'Upload e-invoices' }).click();
    await page.getByLabel('E-invoice files').waitFor();
    await snap(page, 'list-02-laptop-1280-upload-open');
  });

  it('filters by due date with the chips, marks overdue rows, sums per currency and the selected rows', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.getByText('Overdue', { exact: true }).click();
    await page.waitForURL(/[?&]due=overdue/);
    const rows = page.locator('.invoice-table tbody tr');
    await page.locator('.invoice-table tbody tr:not(.overdue)').first().waitFor({ state: 'detached' });
    assert.ok((await rows.count()) > 10);
    assert.match(await rows.first().innerText(), /overdue \d+ d/);
    const sums = page.getByLabel('Sums of this list');
    assert.match(await sums.innerText(), /invoices:/);
    assert.match(await sums.innerText(), /€/);

    await page.getByRole('checkbox', { name: 'Select all invoices on this page' }).check();
    const boxes = page.locator('input[name=ids]');
    assert.equal(await boxes.count(), await page.locator('input[name=ids]:checked').count());
    assert.match(await page.locator('[data-selection-sum]').innerText(), /^\d+ selected: /);
    await page.getByRole('checkbox', { name: 'Select all invoices on this page' }).uncheck();
    await boxes.first().check();
    const firstAmount = await rows.first().locator('span.amount').innerText();
    assert.equal(await page.locator('[data-selection-sum]').innerText(), `1 selected: ${firstAmount}`);
    await snap(page, 'list-03-overdue-selected');

    await page.getByText('Next 14 days', { exact: true }).click();
    await page.waitForURL(/[?&]due=next14/);
    await page.locator('.invoice-table tbody tr.overdue').first().waitFor({ state: 'detached' });

    // the view's form follows the filters htmx swapped in: it saves what is on screen
    await page.getByPlaceholder('Name this view').fill('Due in two weeks');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('navigation', { name: 'Saved views' }).getByRole('link', { name: 'Due in two weeks' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Due in two weeks' }).getAttribute('aria-current'), 'page');
    assert.match(page.url(), /due=next14/);
    await snap(page, 'list-05-saved-view');
  });

  it('shows the dashboard as a work list, in the reader’s locale', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, user.email, user.password);
    await page.goto(`${t.app.url}/profile`);
    await page.getByLabel('Locale').selectOption('de-DE');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Numbers and dates now read Deutsch/).waitFor();
    await page.goto(`${t.app.url}/`);
    const payables = page.getByRole('region', { name: 'Payables by due date' });
    await payables.getByRole('link', { name: 'Overdue' }).waitFor();
    assert.match(await payables.innerText(), /\d\.\d{3},\d\d\s€/, 'German grouping and decimal comma');
    await assertFitsDashboard(page);
    await snap(page, 'dashboard-01-work-list-de');
    await page.goto(`${t.app.url}/invoices`);
    await page.locator('.invoice-table tbody tr').first().waitFor();
    await assertFits(page);
    await snap(page, 'list-06-de-DE');
    await page.goto(`${t.app.url}/profile`);
    await page.getByLabel('Locale').selectOption('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/Numbers and dates now read from your browser/).waitFor();
  });

  for (const width of [360, 390]) {
    it(`reads on a ${width} px phone: one card per invoice, nothing off-screen`, async () => {
      const page = await newPage(chromium.browser, { width, height: 844 });
      await signInThroughForm(page, t.app.url, user.email, user.password);
      await page.locator('.invoice-table tbody tr').first().waitFor();
      await assertFits(page);
      await assertLongNumberOnOneLine(page);
      const card = await page.locator('.invoice-table tbody tr').first().boundingBox();
      assert.ok(card && card.x >= 0 && card.x + card.width <= width, 'the first card is within the screen');
      await snap(page, `list-04-phone-${width}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, `list-04-phone-${width}-scrolled.png`), fullPage: true, clip: { x: 0, y: 0, width, height: 1700 } });
      // the dashboard too: the payables' amounts per currency stay inside their card
      await page.goto(`${t.app.url}/`);
      await page.getByRole('region', { name: 'Payables by due date' }).waitFor();
      await assertFitsDashboard(page);
      await snap(page, `dashboard-02-phone-${width}`);
    });
  }
});
