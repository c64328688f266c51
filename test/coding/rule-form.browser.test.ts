/// <reference lib="dom" />
/*
 * The coding rule form in Chromium at 1280 × 800 with htmx on: the supplier chosen from the known
 * ones, the live "matches N open invoices" as the form changes, the refusal of a supplier apdesk
 * has never seen, and "Add and apply to open invoices". Saves the screenshot the README shows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useTestApp } from '../helpers/app';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { codingsOf, makeCode, makeCompany, makeInvoice } from './factory';

const settled = (page: Page) => page.waitForFunction(() => !document.querySelector('.htmx-request'));

describe('the coding rule form in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();

  it('picks a known supplier, counts its open invoices live, refuses a typo beside the field and applies the rule on save', async () => {
    const company = await makeCompany(t.db.sql, 'Acme Italia S.p.A.');
    await makeCode(t.db.sql, 'gl_accounts', company, '6100');
    const carta = { sellerName: 'Carta Ufficio S.r.l.', sellerVatId: 'IT09876543210', companyId: company };
    const open = [
      await makeInvoice(t.db.sql, carta, [{ name: 'Copy paper A4 80g', netAmount: '320.00' }, { name: 'Delivery', netAmount: '12.50' }]),
      await makeInvoice(t.db.sql, { ...carta, status: 'in_review' }, [{ name: 'Toner cartridge', netAmount: '89.90' }]),
    ];
    await makeInvoice(t.db.sql, { ...carta, status: 'approved' }, [{ name: 'Copy paper A4 80g' }]);
    await makeInvoice(t.db.sql, { sellerName: 'Nordic Freight AB', sellerVatId: 'SE556000111101', companyId: company }, [{}]);
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });

    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && r.status() !== 422 && errors.push(`${r.status()} ${r.url()}`));
    await signInThroughForm(page, t.app.url, admin.email, admin.password);
    await page.goto(`${t.app.url}/settings/coding-rules/new`);
    await page.getByRole('heading', { name: 'Add a coding rule' }).waitFor();
    assert.deepEqual(
      await page.locator('#known-suppliers option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent])),
      [['IT09876543210', 'Carta Ufficio S.r.l. · VAT IT09876543210 · 3 invoices'], ['SE556000111101', 'Nordic Freight AB · VAT SE556000111101 · 1 invoice']],
    );

    // a typo: the live check says so at once, and saving is refused beside the field
    await page.getByLabel('Supplier (VAT id or name)').fill('Carta Ufficio');
    await page.getByText('“Carta Ufficio” matches no supplier apdesk has seen').waitFor();
    await page.getByLabel('GL account').fill('6100');
    await page.getByRole('button', { name: 'Add rule', exact: true }).click();
    await page.locator('#field-supplier-error').waitFor();
    assert.match(await page.locator('#field-supplier-error').innerText(), /matches no supplier apdesk has seen/);
    assert.equal(await page.getByLabel('Supplier (VAT id or name)').inputValue(), 'Carta Ufficio', 'what was typed stays');

    // the known supplier (as the datalist fills it: its VAT id), narrowed to paper lines: the count follows live
    await page.getByLabel('Supplier (VAT id or name)').fill('IT09876543210');
    await page.getByText('Matches 2 open invoices now').waitFor();
    await page.getByText('Matches Carta Ufficio S.r.l. · VAT IT09876543210 · 3 invoices.').waitFor();
    assert.equal(await page.locator('#field-supplier-error').count(), 0, 'the refusal goes once the supplier is one apdesk knows');
    await page.getByLabel('Only lines whose text contains (optional)').fill('paper');
    await settled(page);
    await page.getByText('Matches 1 open invoice now').waitFor();
    await page.getByLabel('Only lines whose text contains (optional)').fill('');
    await page.getByText('Matches 2 open invoices now').waitFor();
    await settled(page);
    await page.getByRole('heading', { name: 'Add a coding rule' }).click();
    await snap(page, 'coding-rule-form-1280');

    await page.getByRole('button', { name: 'Add and apply to open invoices' }).click();
    await page.getByRole('heading', { name: 'Coding rules' }).waitFor();
    await page.getByText(/Rule #\d+ added; it coded 3 lines on 2 open invoices\. 2 invoices now fully coded and matched → Ready\./).waitFor();
    for (const inv of open) for (const line of inv.lineIds) assert.equal((await codingsOf(t.db.sql, line))[0]?.gl, '6100');
    await snap(page, 'coding-rules-list-1280');
    // nothing in the rules list is cut or scrolls sideways at 1280 px
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth));
    assert.deepEqual(errors, []);
  });
});
