/// <reference lib="dom" />
/*
 * Issue 18 item 5 in a real browser: a clerk in one document group uploads on My Invoices.
 * The company is asked up front (preselected: her only company); her invoice is linked with its
 * reader warnings, the file naming another company keeps it and says so, the invoices that went
 * to a group she is not in say where and who sees them, the bad file is kept. With htmx and
 * without JavaScript (then Post/Redirect/Get: a reload of the result page sends nothing again).
 * Takes docs/screenshots/upload-01-result-1280.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { newPage, SCREENSHOTS, signInThroughForm, useBrowser } from '../helpers/browser';
import { makeUser } from '../helpers/factories';
import { corpusFile, FATTURAPA_TWO_BODIES, UBL_EXAMPLE } from './helpers';

const companyIs = (name: string) => ({ join: 'and', children: [{ field: 'company', op: 'equals', value: name }] });

describe('uploads land where the uploader works, in a real browser', () => {
  const chromium = useBrowser();
  const t = useTestApp();
  let clerk = { email: '', password: '' };
  const files = [
    { name: 'odin.xml', mimeType: 'application/xml', buffer: Buffer.from(corpusFile(UBL_EXAMPLE)) },
    { name: 'fattura-cir.xml', mimeType: 'application/xml', buffer: Buffer.from(corpusFile(FATTURAPA_TWO_BODIES)) },
    { name: 'scan.xml', mimeType: 'application/xml', buffer: Buffer.from('<Invoice><ID>not finished') },
  ];

  it('chooses the company up front; the result links her invoice with its warnings and says where the others went', async () => {
    const sql = t.db.sql;
    await sql`insert into pagero_companies (pagero_company_id, name, vat_number) values ('b-cir', 'CIR 2000 snc', 'IT01180680397'), ('b-svea', 'Svea AB', 'SE556999999901')`;
    const [italy] = await sql`insert into document_groups (name, priority, conditions) values ('Italy', 1, ${sql.json(companyIs('CIR 2000 snc'))}) returning id`;
    const [sweden] = await sql`insert into document_groups (name, priority, conditions) values ('Sweden', 2, ${sql.json(companyIs('Svea AB'))}) returning id`;
    const anna = await makeUser(sql, { roles: ['ap_specialist'], firstName: 'Anna', lastName: 'Bianchi' });
    const dora = await makeUser(sql, { roles: ['ap_specialist'], firstName: 'Dora', lastName: 'Svensson' });
    await makeUser(sql, { roles: [], isUserAdmin: true, firstName: 'Ulla', lastName: 'Admin' });
    await sql`insert into document_group_members (group_id, user_id) values (${italy!.id}, ${anna.id}), (${sweden!.id}, ${dora.id})`;
    clerk = dora;

    const page = await newPage(chromium.browser, { width: 1280, height: 800 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInThroughForm(page, t.app.url, dora.email, dora.password);
    await page.locator('summary', { hasText: 'Upload e-invoices' }).click();
    const company = page.getByLabel('Company, when the file names none');
    assert.equal(await company.locator('option:checked').textContent(), 'Svea AB', 'her one company is preselected');
    await page.getByLabel('E-invoice files').setInputFiles(files);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();

    const results = page.getByRole('region', { name: 'Upload results' });
    const mine = results.getByRole('link', { name: 'invoice 12115118' });
    await mine.waitFor();
    assert.match(page.url(), /\/invoices$/, 'htmx posted in place');
    await results.getByText('3 invoices imported, 1 file rejected.').waitFor();
    await results.getByText('(Svea AB, document group Sweden)').waitFor();
    assert.ok(await results.getByRole('list', { name: 'Reader warnings for 12115118' }).getByText(/^Line 20 has a net amount of -109\.98/).isVisible());
    const italian = results.getByRole('listitem').filter({ has: page.getByText('fattura-cir.xml', { exact: true }) });
    await italian.getByText('— imported 2 invoices (CIR 2000 snc, document group Italy):').waitFor();
    const elsewhere = results.getByText('They went to document group Italy, which you are not in. Visible to: Anna Bianchi, and everyone who sees all invoices (AP Admins, Financial Accounting and user admins). Ask a user admin (Ulla Admin) to add you to Italy.');
    assert.equal(await elsewhere.count(), 1, 'said once for the two invoices of the Italian file');
    assert.equal(await results.getByText('The file names CIR 2000 snc (VAT IT01180680397) as buyer, which is CIR 2000 snc: it stays with CIR 2000 snc, not Svea AB as chosen.').count(), 1);
    assert.equal(await results.getByText(/document group Italy/).count(), 2, 'the file line and the note, not once per invoice');
    assert.equal(await results.getByRole('link', { name: /^invoice [34]$/ }).count(), 0, 'no link to invoices she cannot open');
    await results.getByText(/scan\.xml.*rejected: .*The file is kept for an AP Admin to look at \(Needs attention\)\./).waitFor();
    await page.getByRole('cell', { name: '12115118', exact: true }).waitFor();
    assert.equal(await company.locator('option:checked').textContent(), 'Svea AB', 'the company stays chosen for the next batch');
    await page.evaluate(() => document.getElementById('upload-company')!.closest('.field')!.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'upload-01-result-1280.png') });

    await mine.click();
    await page.getByRole('heading', { name: /Invoice 12115118/ }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('works without JavaScript: the post redirects to a result page, and reloading it uploads nothing again', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await signInThroughForm(page, t.app.url, clerk.email, clerk.password);
    await page.locator('summary', { hasText: 'Upload e-invoices' }).click();
    await page.getByLabel('E-invoice files').setInputFiles([files[0]!]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const results = page.getByRole('region', { name: 'Upload results' });
    await results.getByText('(Svea AB, document group Sweden)').waitFor();
    await results.getByRole('link', { name: 'possible duplicate' }).waitFor();
    assert.match(page.url(), /\/invoices\/uploads\/[0-9a-f-]{36}$/, 'Post/Redirect/Get: the address is the result page');
    const stored = async () => (await t.db.sql`select count(*)::int as n from documents where filename = 'odin.xml'`)[0]!.n as number;
    const before = await stored();
    await page.reload();
    await results.getByText('(Svea AB, document group Sweden)').waitFor();
    assert.equal(await stored(), before, 'the reload showed the result again, it did not send the file again');
    await page.goBack();
    await page.goForward();
    await results.getByText('(Svea AB, document group Sweden)').waitFor();
    assert.equal(await stored(), before);
    await results.getByRole('link', { name: 'invoice 12115118' }).click();
    await page.getByRole('heading', { name: /Invoice 12115118/ }).waitFor();
    await context.close();
  });
});
