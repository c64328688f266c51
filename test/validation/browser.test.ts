/// <reference lib="dom" />
/* The Validation panel in Chromium: checking, then the findings with their fields, the rejection they pre-fill, 360 px. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeDocument } from '../../src/invoices/store';
import { createLogger } from '../../src/logger';
import { ValidationPool } from '../../src/validation/pool';
import { validateInvoices } from '../../src/validation/service';
import { useTestApp } from '../helpers/app';
import { seriousViolations } from '../helpers/axe';
import { newPage, signInThroughForm, snap, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { corpusText, edit, UBL_PLAIN } from './helpers';

describe('validation > the panel in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();
  let pool: ValidationPool;
  before(async () => {
    pool = new ValidationPool({ threads: 1 });
    await pool.ready();
  });
  after(() => pool.close());
  const upload = async (xml: string) =>
    (await storeDocument(t.db.sql, { source: 'upload', bytes: new TextEncoder().encode(xml), filename: 'b.xml' }, { maxBytes: 1e7 })).invoiceIds[0]!;

  it('shows "Checking…" until the result arrives, then each finding with its field, and pre-fills a rejection', async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    const bad = edit(corpusText(UBL_PLAIN), /<cbc:TaxInclusiveAmount currencyID="EUR">250.33<\/cbc:TaxInclusiveAmount>\s*<cbc:PayableAmount currencyID="EUR">250.33</, '<cbc:TaxInclusiveAmount currencyID="EUR">250.43</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">250.43<');
    const id = await upload(bad);
    const page = await newPage(chromium.browser, { bypassCSP: true }); // axe-core is injected
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, t.app.url, user.email, user.password, `/invoices/${id}`);
    const panel = page.getByRole('region', { name: 'Validation' });
    await panel.getByText('Checking against EN 16931…').waitFor();
    await snap(page, 'validation-01-checking');

    // The panel asks again by itself (htmx) and shows the result without a reload.
    await validateInvoices({ sql: t.db.sql, pool, log: createLogger('silent') }, [id]);
    await panel.getByText(/Fails EN 16931 validation: 1 fatal finding/).waitFor();
    await panel.getByText('BR-CO-15', { exact: true }).waitFor();
    await panel.getByRole('link', { name: 'BT-112 Total with tax' }).click();
    assert.equal(new URL(page.url()).hash, '#total-taxInclusive');
    await snap(page, 'validation-02-fails');
    assert.deepEqual(await seriousViolations(page), []);

    await panel.getByRole('link', { name: 'Reject because of BR-CO-15' }).click();
    await page.waitForURL((u) => u.searchParams.get('reason_code') === 'LEG');
    assert.match(await page.locator('#status-reason').inputValue(), /^BR-CO-15: Invoice total amount with VAT \(BT-112\) = /);

    await page.setViewportSize({ width: 360, height: 800 });
    await panel.getByText('BR-CO-15', { exact: true }).waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling at 360 px');
    await snap(page, 'validation-03-narrow');

    await page.setViewportSize({ width: 1280, height: 800 });
    const good = await upload(corpusText(UBL_PLAIN).replace('<cbc:ID>12115118</cbc:ID>', '<cbc:ID>12115119</cbc:ID>'));
    await validateInvoices({ sql: t.db.sql, pool, log: createLogger('silent') }, [good]);
    await page.goto(`${t.app.url}/invoices/${good}`);
    await panel.getByText('Valid against EN 16931 1.3.16.').waitFor();
    await snap(page, 'validation-04-valid');
    assert.deepEqual(errors, []);
  });
});
