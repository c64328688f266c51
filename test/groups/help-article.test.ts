/*
 * The help article's recipe, end to end: Settings > Document Groups > Create New Document
 * Group, "E-invoices", invScannedBy Equals Pagero, Condition, And, Company Equals the
 * Italian company, Create Group; a user admin assigns it; the user sees exactly those.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Logger, runOnce } from 'graphile-worker';
import { taskList } from '../../jobs/index';
import { afterInvoicesImported } from '../../src/invoices/after-import';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { groupOf, makeCompany, makeInvoice } from './factory';

describe('the help article’s digital invoice document group', () => {
  const t = useTestApp();

  const runWorker = () =>
    runOnce({ connectionString: t.db.url, taskList: taskList({ sql: t.db.sql, log: t.app.deps.log, config: t.app.config } as never), logger: new Logger(() => () => {}) });

  it('puts the Italian company’s Pagero invoices in the group and shows them only to its users', async () => {
    // Setup
    const italy = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    const germany = await makeCompany(t.db.sql, 'Acme GmbH');
    const italianPagero = await makeInvoice(t.db.sql, { invScannedBy: 'Pagero', companyId: italy, invoiceNumber: 'IT-PAGERO-1' });
    const germanPagero = await makeInvoice(t.db.sql, { invScannedBy: 'Pagero', companyId: germany, invoiceNumber: 'DE-PAGERO-1' });
    const italianUpload = await makeInvoice(t.db.sql, { invScannedBy: 'Upload', companyId: italy, invoiceNumber: 'IT-UPLOAD-1' });
    const admin = await makeUser(t.db.sql, { roles: ['ap_admin'], isUserAdmin: true });
    const clerk = await makeUser(t.db.sql, { roles: ['ap_specialist'], firstName: 'Chiara', lastName: 'Conti' });
    const browser = new Browserless(t.app.url);
    await browser.signIn(admin.email, admin.password);

    // Action: the article's steps 1–7
    assert.match((await browser.get('/settings')).text, /Document Groups/);
    assert.match((await browser.get('/settings/document-groups')).text, /Create New Document Group/);
    const form = await browser.get('/settings/document-groups/new');
    assert.match(form.text, /<option value="invScannedBy" selected="">invScannedBy<\/option>/);
    const step = { name: 'Italian Invoices', 'r.join': 'and', 'r.0.field': 'invScannedBy', 'r.0.op': 'equals', 'r.0.value': 'Pagero' };
    const withCondition = await browser.post('/settings/document-groups', { ...step, action: 'add-condition:r' });
    assert.match(withCondition.text, /name="r\.1\.field"/);
    const created = await browser.post('/settings/document-groups', { ...step, 'r.1.field': 'company', 'r.1.op': 'equals', 'r.1.value': 'Acme Italia S.r.l.' });
    assert.equal(created.status, 303);
    const groupId = Number(created.location!.split('/').pop());
    await runWorker();
    await browser.get(`/users/${clerk.id}`);
    assert.equal((await browser.post(`/users/${clerk.id}/document-groups`, { groupIds: String(groupId) })).status, 303);

    // Assertions
    assert.equal(await groupOf(t.db.sql, italianPagero), groupId);
    assert.equal(await groupOf(t.db.sql, germanPagero), null);
    assert.equal(await groupOf(t.db.sql, italianUpload), null);
    const clerkBrowser = new Browserless(t.app.url);
    await clerkBrowser.signIn(clerk.email, clerk.password);
    const list = (await clerkBrowser.get('/invoices')).text;
    assert.match(list, /IT-PAGERO-1/);
    assert.doesNotMatch(list, /DE-PAGERO-1|IT-UPLOAD-1/);
    assert.equal((await clerkBrowser.get(`/invoices/${italianPagero}`)).status, 200);
    assert.equal((await clerkBrowser.get(`/invoices/${germanPagero}`)).status, 404);
    assert.equal((await clerkBrowser.get(`/invoices/${italianUpload}/original`)).status, 404);

    // A newly synced invoice lands in the group at import, before any job runs
    const synced = await t.db.sql.begin(async (tx) => {
      const id = await makeInvoice(tx, { invScannedBy: 'Pagero', companyId: italy, invoiceNumber: 'IT-PAGERO-2' });
      await afterInvoicesImported(tx, [id]);
      return id;
    });
    assert.equal(await groupOf(t.db.sql, synced), groupId);
    assert.match((await clerkBrowser.get('/invoices')).text, /IT-PAGERO-2/);

    const history = (await browser.get(`/settings/document-groups/${groupId}`)).text;
    assert.match(history, /Created with invScannedBy Equals “Pagero” And Company Equals “Acme Italia S\.r\.l\.”/);
    assert.match(history, /Assigned Chiara Conti/);
  });
});
