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
    if (!shown(dd) || label === 'Payment terms' || label === 'Original file' || label === 'Received via') continue; // prose and file names may wrap
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
    ids.unmatched = (await bigInvoice(t.db.sql, world, { number: '770/2026', supplier: 'Acciaierie Venete S.p.A.' })).id;
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

  it('shows the document beside the data at 1920 × 1080, everything still fitting', async () => {
    const page = await newPage(chromium.browser, { width: 1920, height: 1080 });
    await signInThroughForm(page, t.app.url, manager.email, manager.password);
    await page.goto(`${t.app.url}/invoices/${ids.pdf}`);
    const frame = page.locator('iframe.pdf-view');
    await frame.waitFor(); // visible without choosing a tab
    const lines = (await page.getByRole('region', { name: 'Lines' }).boundingBox())!;
    const pdf = (await frame.boundingBox())!;
    assert.ok(pdf.x >= lines.x + lines.width, 'the PDF is beside the lines');
    assert.deepEqual(await misfits(page), [], 'at 1920 × 1080');
    await screen(page, 'invoice-page-1920');
  });

  for (const [width, height] of [[360, 740], [390, 844]] as const) {
    it(`puts the summary and the actions first on a ${width} px phone`, async () => {
      const page = await newPage(chromium.browser, { width, height });
      await signInThroughForm(page, t.app.url, manager.email, manager.password);
      await page.goto(`${t.app.url}/invoices/${ids.first}?${CTX}`);
      const summary = page.getByRole('region', { name: 'Summary' });
      const amount = page.locator('[data-amount-due]');
      await amount.waitFor();
      // the summary says who, how much, by when, which order and where it stands, all on the first screen
      const text = await summary.innerText();
      for (const fact of [LOMBARDE, '€1,388,445.40', 'overdue 45 days', 'OA-2026-48251', 'Ready']) assert.ok(text.includes(fact), `the summary shows ${fact}`);
      const amountBox = (await amount.boundingBox())!;
      const approveBox = (await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Approve', exact: true }).boundingBox())!;
      const linesBox = (await page.getByRole('heading', { name: 'Lines', exact: true }).boundingBox())!;
      assert.ok(amountBox.y + amountBox.height < height, `the amount due is on the first screen (at ${amountBox.y})`);
      assert.ok(approveBox.y + approveBox.height < height, `Approve is on the first screen (at ${approveBox.y})`);
      assert.ok(approveBox.y < linesBox.y, 'the actions come before the lines');
      assert.ok(amountBox.y < linesBox.y, 'the summary comes before the lines');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'no sideways scrolling');
      // on a phone a wide table may scroll inside its box, but no amount is broken and the page does not scroll sideways
      const broken = (await misfits(page)).filter((m) => !m.startsWith('table-wrap') && !m.includes(': "'));
      assert.deepEqual(broken, [], `at ${width} px`);
      await snap(page, `invoice-page-${width}`);
      await screen(page, `invoice-page-${width}-screen`);
    });
  }

  it('codes and splits in place with htmx, keeps the list it came from, and Save & next walks that list', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, t.app.url, manager.email, manager.password);
    await page.goto(`${t.app.url}/invoices/${ids.third}?${CTX}`);
    await page.evaluate('window.marker = 42');
    const lines = page.locator('section.coding-line');
    const saved = () => page.waitForResponse((r) => r.request().method() === 'POST' && /\/coding\/lines\/\d+/.test(r.url()));

    // the whole-invoice buttons answer in place too: the section, the flash and the summary
    await page.getByRole('button', { name: 'Apply coding rules' }).click();
    await page.getByText('No coding rule applies to the lines not coded by hand.').waitFor();
    assert.equal(await page.evaluate('window.marker'), 42, 'Apply coding rules answered in place');

    await lines.nth(0).getByLabel('GL account').fill('6000');
    let answer = saved();
    await lines.nth(0).getByRole('button', { name: 'Save', exact: true }).click();
    assert.equal((await answer).status(), 200);
    await lines.nth(0).getByText('coded by hand').waitFor();

    await lines.nth(1).getByRole('link', { name: 'Split' }).click();
    const split = page.getByRole('region', { name: /^Split line 2/ });
    await split.locator('input[name="value"]').nth(0).fill('60');
    await split.locator('#split-0-glAccount').fill('6000');
    await split.locator('input[name="value"]').nth(1).fill('40');
    await split.locator('#split-1-glAccount').fill('6100');
    await screen(page, 'invoice-page-split-in-place');
    assert.deepEqual(await misfits(page), [], 'the split form fits at 1280 × 800');
    answer = saved();
    await split.getByRole('button', { name: 'Save split' }).click();
    assert.equal((await answer).status(), 200);
    await lines.nth(1).getByRole('region', { name: 'Split parts' }).waitFor();
    assert.equal(await page.evaluate('window.marker'), 42, 'coded and split in place: the page was not reloaded');
    assert.ok(page.url().endsWith(`/invoices/${ids.third}?${CTX}`), 'the list context stays in the address');

    await page.evaluate("document.getElementById('coding-title').scrollIntoView(); window.scrollBy(0, -180)");
    await screen(page, 'invoice-page-coding');
    // the last line with Save & next: the invoice is complete (apdesk says it moved it) and the next of the list opens
    await lines.nth(2).getByLabel('GL account').fill('6100');
    await lines.nth(2).getByRole('button', { name: 'Save & next' }).click();
    await page.waitForURL(`${t.app.url}/invoices/${ids.fourth}?${CTX}`);
    const flash = page.getByText('Invoice 764/2026: Line coded. All lines coded and matched → Ready');
    await flash.waitFor();
    const flashBox = (await flash.boundingBox())!;
    assert.ok(flashBox.y >= 0 && flashBox.y + flashBox.height <= 800, `the next invoice opens at its top, the flash in view (at ${flashBox.y})`);
    assert.equal(await page.getByRole('link', { name: '← Previous' }).getAttribute('href'), `/invoices/${ids.third}?${CTX}`);
    await screen(page, 'invoice-page-saved-and-next');
    assert.deepEqual(errors, []);
  });

  it('"Approve & next" and the keys j, k, a, r, h, e and ?, never while typing', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, manager.email, manager.password);
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await page.goto(`${t.app.url}/invoices/${ids.first}?${CTX}`);
    await page.getByRole('region', { name: 'Summary' }).waitFor();

    await page.keyboard.press('?');
    await page.getByText('Next invoice of your list').waitFor();
    await screen(page, 'invoice-page-keys');
    await page.keyboard.press('j');
    await page.waitForURL(`${t.app.url}/invoices/${ids.second}?${CTX}`); // 762 is another supplier's: not in this list
    await page.getByRole('heading', { name: /^Invoice 763\/2026/ }).waitFor();
    await page.keyboard.press('k');
    await page.waitForURL(`${t.app.url}/invoices/${ids.first}?${CTX}`);
    await page.getByRole('heading', { name: /^Invoice 761\/2026/ }).waitFor();

    // typing a j in a note moves nowhere
    const note = page.getByLabel('Add a note');
    await note.click();
    asked.length = 0;
    await page.keyboard.type('jkah');
    assert.equal(await note.inputValue(), 'jkah');
    await page.evaluate('1'); // a round trip after the keys: any request they caused has been asked for
    assert.deepEqual(asked.filter((p) => p.startsWith('/invoices')), []);
    await note.fill('');

    await page.getByRole('button', { name: 'Approve & next' }).click();
    await page.waitForURL(`${t.app.url}/invoices/${ids.second}?${CTX}`);
    await page.getByText('Invoice 761/2026: Ready → Approved.').waitFor();
    await screen(page, 'invoice-page-approved-and-next');

    await page.getByRole('heading', { name: /^Invoice 763\/2026/ }).click(); // focus out of any field
    await page.keyboard.press('a');
    await page.getByText('Invoice 763/2026: Ready → Approved.').waitFor();

    await page.goto(`${t.app.url}/invoices/${ids.fourth}?${CTX}`);
    await page.getByRole('heading', { name: /^Invoice 765\/2026/ }).waitFor();
    await page.keyboard.press('r');
    await page.getByText(/Invoice 765\/2026: (In review|Ready) → Ready\./).or(page.getByText('Mark ready with unmatched lines?')).first().waitFor();

    await page.keyboard.press('h');
    const reason = page.locator('#status-reason');
    await reason.waitFor();
    assert.equal(await page.evaluate('document.activeElement.id'), 'status-reason', 'h goes to the reason of hold or reject');
    assert.equal(await reason.inputValue(), '', 'and the h is not typed into it');
    await page.getByRole('heading', { name: /^Invoice 765\/2026/ }).click();
    await page.keyboard.press('e');
    await page.getByText(/You are editing this invoice/).waitFor();
  });

  it('asks before marking ready with unmatched lines (the key r too), and records the answer', async () => {
    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    await signInThroughForm(page, t.app.url, manager.email, manager.password);
    await page.goto(`${t.app.url}/invoices/${ids.unmatched}`);
    await page.getByRole('heading', { name: /^Invoice 770\/2026/ }).click();
    await page.keyboard.press('r');
    const question = page.getByRole('alertdialog', { name: 'Mark ready with unmatched lines?' });
    await question.waitFor();
    assert.match(await question.innerText(), /PO OA-2026-48251, which is not in apdesk, so 3 of 3 lines could not be matched/);
    assert.equal(await page.locator('#invoice-status').innerText(), 'In review', 'nothing changed yet');
    await question.getByRole('button', { name: 'Mark ready anyway', exact: true }).click();
    await page.getByText('Invoice 770/2026: In review → Ready.').waitFor();
    await page.getByText(/Marked ready although PO OA-2026-48251 is not in apdesk \(3 of 3 lines not matched\); confirmed\./).waitFor();
  });
});
