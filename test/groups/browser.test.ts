/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useTestApp } from '../helpers/app';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { and, makeCompany, makeGroup, makeInvoice, row } from './factory';

/** Waits until htmx has no request in flight, so the next step acts on the page it left. */
const settled = (page: Page) => page.waitForFunction(() => !document.querySelector('.htmx-request'));

describe('Document Groups in a real browser (htmx on)', () => {
  const chromium = useBrowser();
  const t = useTestApp();

  it('creates a group with a nested And/Or condition, growing the form in place', async () => {
    const italy = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    await makeInvoice(t.db.sql, { invScannedBy: 'Pagero', companyId: italy, payableAmount: '5000' });
    await makeInvoice(t.db.sql, { invScannedBy: 'Pagero', companyId: italy, payableAmount: '50' });
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const page = await newPage(chromium.browser);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    await signInThroughForm(page, t.app.url, admin.email, admin.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();

    await page.goto(`${t.app.url}/settings/document-groups`);
    await page.getByRole('link', { name: 'Create New Document Group' }).click();
    await page.getByRole('heading', { name: 'Create New Document Group' }).waitFor();
    await page.getByLabel('Group Name').fill('Big Italian e-invoices');
    assert.equal(await page.locator('select[name="r.0.value"]').inputValue(), 'Pagero');

    await page.getByRole('button', { name: 'And/Or' }).first().click();
    await page.locator('select[name="r.1.0.field"]').waitFor();
    assert.match(page.url(), /\/settings\/document-groups\/new$/, 'the editor grew in place');
    assert.equal(await page.locator('select[name="r.1.join"]').inputValue(), 'or');

    await page.locator('select[name="r.1.0.field"]').selectOption('issueDate');
    await page.waitForSelector('input[name="r.1.0.value"][type="date"]');
    await settled(page);
    await page.locator('select[name="r.1.0.field"]').selectOption('company');
    await page.waitForSelector('input[name="r.1.0.value"][type="text"]');
    await settled(page);
    await page.locator('input[name="r.1.0.value"]').fill('Acme Italia S.r.l.');
    await page.locator('select[name="r.1.join"]').selectOption('and');
    await settled(page); // the join redraws the editor: act on the new one, as a person would
    await page.locator('select[name="r.1.1.field"]').selectOption('totalAmount');
    await page.waitForSelector('select[name="r.1.1.op"] option[value="greater_than"]', { state: 'attached' });
    await page.locator('select[name="r.1.1.op"]').selectOption('greater_than');
    await settled(page); // the operator redraws the editor too: type into the new value box
    await page.locator('input[name="r.1.1.value"]').fill('1000');
    await page.getByText('Matches 1 invoice now.').waitFor();
    await snap(page, 'groups-01-nested-editor');

    await page.getByRole('button', { name: 'Create Group' }).click();
    await page.getByRole('heading', { name: 'Big Italian e-invoices' }).waitFor();
    await page.getByText('invScannedBy Equals “Pagero” And (Company Equals “Acme Italia S.r.l.” And Total amount Greater than “1000”)', { exact: true }).waitFor();
    await snap(page, 'groups-02-group-page');
    const [stored] = await t.db.sql`select conditions from document_groups where name = 'Big Italian e-invoices'`;
    assert.equal(stored!.conditions.children[1].children.length, 2);
    assert.deepEqual(errors, []);
  });

  it('keeps what is typed into a value box while the editor redraws for another row', async () => {
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const page = await newPage(chromium.browser);
    await signInThroughForm(page, t.app.url, admin.email, admin.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    await page.goto(`${t.app.url}/settings/document-groups/new`);
    await page.getByRole('button', { name: 'Condition', exact: true }).first().click();
    await page.locator('select[name="r.1.field"]').selectOption('supplier');
    await page.waitForSelector('input[name="r.1.value"][type="text"]');
    await settled(page);

    // A slow server: the redraw for row 1's field change arrives after the user has typed into row 2.
    await page.route('**/settings/document-groups/editor', async (route) => {
      await new Promise((r) => setTimeout(r, 800));
      await route.continue();
    });
    const redrawn = page.waitForResponse('**/settings/document-groups/editor');
    await page.locator('select[name="r.0.field"]').selectOption('currency');
    await page.locator('input[name="r.1.value"]').fill('Fornitore');
    await redrawn;
    await page.waitForSelector('input[name="r.0.value"][type="text"]');
    await settled(page);
    assert.equal(await page.locator('input[name="r.1.value"]').inputValue(), 'Fornitore');
    await page.unroute('**/settings/document-groups/editor');
  });

  it('reorders groups by drag and drop', async () => {
    await t.db.sql`delete from document_groups`;
    const first = await makeGroup(t.db.sql, 'Alpha', and(row('currency', 'equals', 'EUR')));
    const second = await makeGroup(t.db.sql, 'Beta', and(row('currency', 'equals', 'SEK')));
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const page = await newPage(chromium.browser);
    await signInThroughForm(page, t.app.url, admin.email, admin.password);
    await page.getByRole('heading', { name: 'My Invoices' }).waitFor();
    await page.goto(`${t.app.url}/settings/document-groups`);
    await page.locator(`tr[data-id="${second}"]`).dragTo(page.locator(`tr[data-id="${first}"]`), { targetPosition: { x: 10, y: 2 } });
    // dropping shows what the new order would do; nothing is saved until "Save this order"
    await page.getByRole('region', { name: 'Before you save this order' }).waitFor();
    await snap(page, 'groups-02b-priority-preview');
    await page.getByRole('button', { name: 'Save this order' }).click();
    await page.waitForFunction(() => document.querySelector('#group-list tbody tr')?.getAttribute('data-id') !== null);
    for (let i = 0; i < 50; i++) {
      const order = (await t.db.sql<{ id: number }[]>`select id::int from document_groups order by priority`).map((r) => r.id);
      if (order[0] === second) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const order = (await t.db.sql<{ id: number }[]>`select id::int from document_groups order by priority`).map((r) => r.id);
    assert.deepEqual(order, [second, first]);
    await page.getByRole('button', { name: 'Move Beta down' }).waitFor();
    await snap(page, 'groups-03-reordered');
  });
});
