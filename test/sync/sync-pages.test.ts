import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { syncCompany } from '../../src/sync/company-sync';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { useSandboxPair } from '../helpers/pagero';
import { companyWithInvoices, syncDeps } from './helpers';

describe('sync scheduling and progress pages', () => {
  const t = useSandboxPair({}, { seedDemo: false });
  let admin: Browserless;
  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.pair.app.url);
    await admin.signIn(a.email, a.password);
  });

  const syncJobs = async (companyId: number) =>
    t.db.sql`
      select j.payload->>'trigger' as trigger
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'pagero_companies__sync' and (j.payload->>'companyId')::int = ${companyId}`;

  it('starts a first sync of the user’s companies the moment they connect', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 2 });
    assert.deepEqual((await syncJobs(company.companyId)).map((j) => j.trigger), ['connected']);
  });

  it('has a Sync now for admins (any company) and for users (their own companies), one pending job per company', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 2 });
    await admin.get('/settings/einvoicing');
    const res = await admin.post(`/settings/einvoicing/companies/${company.companyId}/syncs`, {});
    assert.equal(res.status, 303);
    await admin.post(`/settings/einvoicing/companies/${company.companyId}/syncs`, {});
    assert.equal((await syncJobs(company.companyId)).length, 1, 'requests fold into the waiting job');

    await company.browser.get('/profile');
    const own = await company.browser.post('/einvoicing/syncs', {});
    assert.equal(own.status, 303);
    assert.match((await company.browser.get('/profile')).text, /Sync started for your 1 company\./);

    const clerk = new Browserless(t.pair.app.url);
    const c = await makeUser(t.db.sql);
    await clerk.signIn(c.email, c.password);
    await clerk.get('/invoices');
    assert.equal((await clerk.post(`/settings/einvoicing/companies/${company.companyId}/syncs`, {})).status, 403);
  });

  it('shows live progress while a sync runs, then the outcome and the history', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 3 });
    const [{ id }] = (await t.db.sql`insert into sync_runs (company_id, trigger, documents_seen, imported) values (${company.companyId}, 'manual', 40, 25) returning id::int`) as unknown as [{ id: number }];
    const page = await admin.get('/settings/einvoicing');
    assert.match(page.text, new RegExp(`hx-get="/settings/einvoicing/companies/${company.companyId}/sync-status" hx-trigger="every 2s"`));
    assert.match(page.text, /Syncing…[^]*40 seen · 25 imported · 0 quarantined · 0 duplicates · 0 errors/);

    await t.db.sql`delete from sync_runs where id = ${id}`;
    await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'manual');
    const fragment = await admin.request('GET', `/settings/einvoicing/companies/${company.companyId}/sync-status`, { headers: { 'hx-request': 'true' } });
    assert.equal(fragment.status, 200);
    assert.doesNotMatch(fragment.text, /<html/);
    assert.doesNotMatch(fragment.text, /every 2s/, 'a finished sync stops polling');
    assert.match(fragment.text, /Synced[^]*3 seen · 3 imported/);

    const history = await admin.get(`/settings/einvoicing/companies/${company.companyId}/syncs`);
    assert.match(history.text, /Sync history/);
    assert.match(history.text, /succeeded/);
  });
});
