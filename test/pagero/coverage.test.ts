import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { notifyUncoveredCompanies } from '../../src/pagero/companies';
import { DEMO_COMPANY_IDS } from '../../src/pagero-sandbox/seed-demo';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { CLIENT, connectThroughPagero, useSandboxPair } from '../helpers/pagero';
import { sim } from '../helpers/sim';

describe('coverage of Pagero companies', () => {
  const t = useSandboxPair();
  let admin: Browserless;
  let adminEmail: string;
  before(async () => {
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'], isUserAdmin: true });
    adminEmail = a.email;
    admin = new Browserless(t.pair.app.url);
    await admin.signIn(a.email, a.password);
  });

  async function connectedUser(username: string, password: string, name: { firstName: string; lastName: string }) {
    const user = await makeUser(t.db.sql, name);
    const browser = new Browserless(t.pair.app.url);
    await browser.signIn(user.email, user.password);
    await connectThroughPagero(browser, username, password);
    return { user, browser };
  }

  it('lists each company, who covers it and until when, and marks the uncovered ones', async () => {
    const marco = await connectedUser('marco.bianchi', 'marco-demo', { firstName: 'Marco', lastName: 'Bianchi' });
    await connectedUser('klaus.weber', 'klaus-demo', { firstName: 'Klaus', lastName: 'Weber' });
    await t.db.sql`insert into pagero_companies (pagero_company_id, name, source) values ('manual-se-1', 'Acme Nordic AB', 'manual')`;

    const page = await admin.get('/settings/einvoicing');
    assert.equal(page.status, 200);
    const rowOf = (name: string) => page.text.split('<tr').find((tr) => tr.includes(name)) ?? '';
    assert.match(rowOf('Acme Italia'), /Covered until \d\d\/\d\d\/\d{4}/);
    assert.match(rowOf('Acme Italia'), /Marco Bianchi · Active · until/);
    assert.match(rowOf('Acme GmbH'), /Klaus Weber · Active/);
    assert.match(rowOf('manual-se-1'), /Not covered/);
    assert.match(page.text, /1 company has no active connection/);

    await t.db.sql`update pagero_connections set status = 'needs_renewal' where user_id = ${marco.user.id}`;
    const after = await admin.get('/settings/einvoicing');
    const italy = after.text.split('<tr').find((tr) => tr.includes('Acme Italia')) ?? '';
    assert.match(italy, /Not covered/);
    assert.match(italy, /Marco Bianchi · Needs renewal/);
  });

  it('emails every user admin once per newly uncovered company, and again only after it was covered in between', async () => {
    await t.db.sql`update pagero_companies set uncovered_notified_at = null`;
    const before = await t.db.sql`select count(*)::int as n from mail_messages where kind = 'pagero_company_uncovered'`;
    const uncovered = (await t.db.sql`select count(*)::int as n from pagero_companies`)[0]!.n - 1; // Acme GmbH is covered by Klaus
    assert.equal(await notifyUncoveredCompanies(t.db.sql, 'https://apdesk.example'), uncovered);
    assert.equal(await notifyUncoveredCompanies(t.db.sql, 'https://apdesk.example'), 0);
    const mails = await t.db.sql`select to_address, subject from mail_messages where kind = 'pagero_company_uncovered' order by id`;
    assert.equal(mails.length - before[0]!.n, uncovered);
    assert.ok(mails.some((m) => m.toAddress === adminEmail && m.subject === 'No Pagero connection covers Acme Italia S.r.l.'));

    await connectedUser('marco.bianchi', 'marco-demo', { firstName: 'Marco', lastName: 'Again' });
    await t.db.sql`update pagero_connections set status = 'needs_renewal' where user_id = (select id from users where last_name = 'Again')`;
    assert.equal(await notifyUncoveredCompanies(t.db.sql, 'https://apdesk.example'), 1, 'Italy was covered in between, so it warns again');
  });

  it('lets an admin add a company by its Pagero id, with errors next to the fields', async () => {
    await admin.get('/settings/einvoicing');
    const bad = await admin.post('/settings/einvoicing/companies', { pageroCompanyId: '', name: 'X' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="field-pageroCompanyId-error"[^>]*>Enter the Pagero company id\.</);
    const ok = await admin.post('/settings/einvoicing/companies', { pageroCompanyId: 'c-123', name: 'Acme Test Oy', vatNumber: 'FI12345678' });
    assert.equal(ok.status, 303);
    const again = await admin.post('/settings/einvoicing/companies', { pageroCompanyId: 'c-123', name: 'Dup' });
    assert.match(again.text, /This Pagero company id is already known\./);
  });

  it('is only for admins', async () => {
    const clerk = await makeUser(t.db.sql);
    const browser = new Browserless(t.pair.app.url);
    await browser.signIn(clerk.email, clerk.password);
    assert.equal((await browser.get('/settings/einvoicing')).status, 403);
    await browser.get('/invoices');
    assert.equal((await browser.post('/settings/einvoicing/companies', { pageroCompanyId: 'evil', name: 'Evil' })).status, 403);
  });

  it('probes companies entered by hand when the server offers no company listing', async () => {
    await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/company/v1' }, times: null, respond: { type: 'status', status: 404 } });
    try {
      await t.db.sql`insert into pagero_companies (pagero_company_id, name, source) values (${DEMO_COMPANY_IDS.sweden}, 'Acme Nordic (by hand)', 'manual') on conflict (pagero_company_id) do update set source = 'manual'`;
      const { user, browser } = await connectedUser('sofia.lindberg', 'sofia-demo', { firstName: 'Sofia', lastName: 'Lindberg' });
      assert.match((await browser.get('/invoices')).text, /Connected to Pagero: 1 company\./);
      const linked = await t.db.sql`
        select c.pagero_company_id from pagero_connection_companies cc
        join pagero_connections pc on pc.id = cc.connection_id join pagero_companies c on c.id = cc.company_id
        where pc.user_id = ${user.id}`;
      assert.deepEqual(linked.map((r) => r.pageroCompanyId), [DEMO_COMPANY_IDS.sweden]);
    } finally {
      await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
    }
  });

  it('disconnects only the signed-in user’s own connection, revoking it at Pagero', async () => {
    const anna = await connectedUser('anna.rossi', 'anna-demo', { firstName: 'Anna', lastName: 'Rossi' });
    const other = await connectedUser('klaus.weber', 'klaus-demo', { firstName: 'Klaus', lastName: 'Other' });
    const [annaRow] = await t.db.sql`select refresh_token from pagero_connections where user_id = ${anna.user.id}`;
    const annaRefresh = t.pair.app.deps.pagero.cipher.decrypt(annaRow!.refreshToken);

    const profile = await other.browser.get('/profile');
    assert.doesNotMatch(profile.text, /Anna/);
    assert.match(profile.text, /Acme GmbH/);
    const res = await other.browser.post('/einvoicing/disconnection', {});
    assert.equal(res.status, 303);
    const rows = await t.db.sql`select user_id::int, status, refresh_token from pagero_connections where user_id in ${t.db.sql([anna.user.id, other.user.id])} order by user_id`;
    assert.deepEqual(rows.map((r) => [r.userId, r.status]), [[anna.user.id, 'active'], [other.user.id, 'disconnected']]);
    assert.equal(rows[1]!.refreshToken, null);

    await anna.browser.get('/profile');
    await anna.browser.post('/einvoicing/disconnection', {});
    const replay = await fetch(`${t.pair.sandbox.url}/oauth/v2/oauth-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: annaRefresh }),
    });
    assert.equal(replay.status, 400, 'the revoked refresh token no longer works at Pagero');
  });
});
