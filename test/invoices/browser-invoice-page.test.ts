/// <reference lib="dom" />
/*
 * The invoice page as a clerk uses it, in Chromium: at 1280 × 800 every table and amount fits
 * (no sideways scrolling inside a table, no amount over two lines); on a 360 px phone the summary
 * and the actions come first; coding happens in place (htmx) and keeps the list the clerk came
 * from; "Approve & next" and the keys walk that list.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useTestApp } from '../helpers/app';
import { newPage, SCREENSHOTS, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { makeInvoice } from '../coding/factory';
import { UBL_EXAMPLE, uploadCorpusFile } from './helpers';
import { bigInvoice, clerksWorld } from './invoice-page-fixtures';

const WITH_PDF = 'cii/ZUGFeRD-corpus__XRECHNUNG_Elektron.cii.xml';
const LOMBARDE = 'Officine Meccaniche Lombarde S.r.l.';
const CTX = 'supplier=Lombarde&sort=number&dir=asc';

/** The first screen only, as the user sees it (docs/screenshots takes these). */
const screen = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png` });

/** What does not fit: tables wider than their box, amounts on more than one line, the page wider than the window. */
async function misfits(page: Page): Promise<string[]> {
  // A string, not a function: tsx would wrap inner functions in a helper the page does not have.
  return page.evaluate(MISFITS) as Promise<string[]>;
}

const MISFITS = `(() => {
  const out = [];
  const shown = (el) => el.offsetParent !== null;
  const lines = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  };
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) out.push('page is ' + doc.scrollWidth + 'px wide in ' + doc.clientWidth + 'px');
  for (const box of document.querySelectorAll('.table-wrap, .card, .invoice-summary, .paper')) {
    if (!shown(box)) continue;
    if (box.scrollWidth > box.clientWidth) out.push(box.className + ' "' + (box.getAttribute('aria-label') || box.textContent).slice(0, 40) + '": ' + box.scrollWidth + ' > ' + box.clientWidth);
  }
  for (const el of document.querySelectorAll('.money, [data-amount-due]')) {
    if (shown(el) && lines(el) > 1) out.push('"' + el.textContent + '" is on ' + lines(el) + ' lines');
  }
  // ids are not broken either: the facts' values (VAT ids, IBAN, references) stay on one line
  for (const dd of document.querySelectorAll('.facts dd')) {
    const label = dd.previousElementSibling ? dd.previousElementSibling.textContent : '';
    if (!shown(dd) || label === 'Payment terms' || label === 'Original file') continue; // prose and file names may wrap
    if (lines(dd) > 1) out.push(label + ': "' + dd.textContent + '" is on ' + lines(dd) + ' lines');
  }
  return out;
})()`;

describe('the invoice page in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();
  let manager: { email: string; password: string };
  const ids: Record<string, number> = {};
  before(async () => {
    const world = await clerksWorld(t.db.sql);
    const m = await makeUser(t.db.sql, { roles: ['ap_manager'], firstName: 'Giulia', lastName: 'Verdi' });
    manager = m;
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${world.group}, ${m.id})`;
    ids.first = (await bigInvoice(t.db.sql, world, { number: '761/2026', supplier: LOMBARDE, status: 'ready' })).id;
    ids.other = (await bigInvoice(t.db.sql, world, { number: '762/2026', supplier: 'Nordic Paper AB', status: 'ready', orderReference: null })).id;
    ids.second = (await bigInvoice(t.db.sql, world, { number: '763/2026', supplier: LOMBARDE, status: 'ready' })).id;
    ids.third = (await bigInvoice(t.db.sql, world, { number: '764/2026', supplier: LOMBARDE, orderReference: null })).id;
    ids.fourth = (await bigInvoice(t.db.sql, world, { number: '765/2026', supplier: LOMBARDE, orderReference: null })).id;
    const ubl = (await uploadCorpusFile(t.db.sql, UBL_EXAMPLE)).invoiceIds[0]!;
    const pdf = (await uploadCorpusFile(t.db.sql, WITH_PDF)).invoiceIds[0]!;
    await t.db.sql`update invoice_groups set group_id = ${world.group} where invoice_id in (${ubl}, ${pdf})`;
    ids.ubl = ubl;
    ids.pdf = pdf;
    void makeInvoice;
  });

  it('fits 1280 × 800: summary, lines with quantity, price and net, totals and tax table, no amount or id broken', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, manager.email, manager.password);
    for (const [name, id] of [['big', ids.second!], ['ubl', ids.ubl!], ['pdf', ids.pdf!]] as const) {
      await page.goto(`${t.app.url}/invoices/${id}?${CTX}`);
      await page.getByRole('region', { name: 'Summary' }).waitFor();
      for (const column of ['Quantity', 'Unit price', 'Net amount']) {
        const header = page.getByRole('region', { name: 'Lines' }).getByRole('columnheader', { name: column });
        const box = (await header.boundingBox())!;
        assert.ok(box.x + box.width <= 1280, `${column} is on screen (${name})`);
      }
      await snap(page, `invoice-page-1280-${name}`);
      await screen(page, `invoice-page-1280-${name}-screen`);
      assert.deepEqual(await misfits(page), [], `invoice page (${name}) at 1280 × 800`);
    }
    await page.goto(`${t.app.url}/invoices/${ids.second}?${CTX}`);
    assert.equal(await page.title(), `Invoice 763/2026 · ${LOMBARDE} · €1,388,445.40 · apdesk`);
    const summary = page.getByRole('region', { name: 'Summary' });
    assert.match(await summary.innerText(), /overdue 45 days/);
    assert.match(await summary.innerText(), /OA-2026-48251\s*not in apdesk/);
    // the PO that is not in apdesk is said once, not on every line
    assert.equal(await page.getByText('PO OA-2026-48251 is not in apdesk').count(), 1);
    assert.equal(await page.locator('[data-outcome="no_po_line"]').count(), 0);
    // the summary stays in view while scrolling
    await page.getByRole('heading', { name: 'History and notes' }).scrollIntoViewIfNeeded();
    const top = (await summary.boundingBox())!.y;
    assert.ok(top >= 0 && top < 5, `the summary sticks to the top (at ${top})`);
    await page.getByText('Document', { exact: true }).click();
    await page.getByRole('article', { name: 'The e-invoice as a document' }).waitFor();
    assert.deepEqual(await misfits(page), [], 'the document tab at 1280 × 800');
    await snap(page, 'invoice-page-1280-document-tab');
  });

  it('puts the summary and the actions first on a 360 px phone', async () => {
    const page = await newPage(chromium.browser, { width: 360, height: 740 });
    await signInThroughForm(page, t.app.url, manager.email, manager.password);
    await page.goto(`${t.app.url}/invoices/${ids.first}?${CTX}`);
    const amount = page.locator('[data-amount-due]');
    await amount.waitFor();
    const amountBox = (await amount.boundingBox())!;
    const approveBox = (await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Approve', exact: true }).boundingBox())!;
    const linesBox = (await page.getByRole('heading', { name: 'Lines', exact: true }).boundingBox())!;
    assert.ok(amountBox.y + amountBox.height < 740, `the amount due is on the first screen (at ${amountBox.y})`);
    assert.ok(approveBox.y < linesBox.y, 'the actions come before the lines');
    assert.ok(amountBox.y < linesBox.y, 'the summary comes before the lines');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'no sideways scrolling');
    await snap(page, 'invoice-page-360');
    await screen(page, 'invoice-page-360-screen');
  });
});
