/*
 * The words a clerk reads (issue 18): "Received via" outside Document Groups, filters that
 * offer only what the user can see, the Settings sub-menu listing every settings page, and
 * master data messages that say what is wrong.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from './helpers/app';
import { Browserless } from './helpers/client';
import { makeUser } from './helpers/factories';
import { insertInvoiceRows, makeCompany, makeGroup } from './invoices/helpers';

describe('words and choices', () => {
  const t = useTestApp({ LIST_COUNT_BUDGET_MS: '0' });
  let admin: Browserless;
  let specialist: Browserless;
  let seen = 0;

  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'], isUserAdmin: true });
    const s = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    seen = await makeCompany(t.db.sql, 'Acme Italia S.r.l.');
    await makeCompany(t.db.sql, 'Secret Holding AG');
    const group = await makeGroup(t.db.sql, 'Italy', [s.id]);
    await insertInvoiceRows(t.db.sql, [{ number: 'W-1', companyId: seen, groupId: group }]);
    admin = new Browserless(t.app.url);
    await admin.signIn(a.email, a.password);
    specialist = new Browserless(t.app.url);
    await specialist.signIn(s.email, s.password);
  });

  it('says "Received via" on My Invoices and keeps invScannedBy for Document Groups', async () => {
    const list = (await specialist.get('/invoices')).text;
    assert.match(list, /<label for="filter-scanned-by">Received via<\/label>/);
    assert.doesNotMatch(list, />invScannedBy</);
    assert.match((await admin.get('/settings/document-groups/new')).text, /invScannedBy/);
  });

  it('offers a specialist only the companies she can see, and no Unassigned', async () => {
    const list = (await specialist.get('/invoices')).text;
    assert.match(list, new RegExp(`<option value="${seen}">Acme Italia S.r.l.</option>`));
    assert.doesNotMatch(list, /Secret Holding AG/);
    assert.doesNotMatch(list, /<option value="none"/);
    const adminList = (await admin.get('/invoices')).text;
    assert.match(adminList, /Secret Holding AG/);
    assert.match(adminList, /<option value="none">Unassigned<\/option>/);
  });

  it('lists every settings page the user may open in the sidebar', async () => {
    const page = (await admin.get('/settings/outbox')).text;
    const sub = [...page.matchAll(/<li class="sub"><a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a>/g)].map((m) => `${m[3]}${m[2] ? ' (here)' : ''}`);
    assert.deepEqual(sub, ['E-invoicing', 'Document Groups', 'Approvals', 'Email outbox (here)', 'Master data', 'Coding rules', 'Purchase orders', 'Export', 'API tokens', 'Webhooks', 'Users']);
    assert.doesNotMatch((await specialist.get('/invoices')).text, /<li class="sub">/);
  });

  it('writes master data messages as people read them', async () => {
    const base = `/settings/master-data/${seen}/gl-accounts`;
    assert.match((await admin.get(base)).text, /No GL accounts yet\./);
    const preview = await admin.post(`${base}/import`, { csv: 'code,name,active\n4000,Office,si\n4100,Travel,no\n' });
    assert.equal(preview.status, 422);
    assert.match(preview.text, /<td>4000<\/td><td>Office<\/td><td>si<\/td>/, 'the rejected value as typed, not "yes"');
    assert.match(preview.text, /(&quot;|")si(&quot;|") is not yes or no\./);
    const noName = await admin.post(`${base}/import`, { csv: 'code,nome\n4000,Office\n' });
    assert.match(noName.text, /The header line \(the first line\) needs the column “name”; it has “code”, “nome”\./);
  });
});
