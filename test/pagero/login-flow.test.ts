import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_COMPANIES } from '../../src/pagero-sandbox/seed-demo';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { connectThroughPagero, useSandboxPair } from '../helpers/pagero';

describe('E-invoicing Login', () => {
  const t = useSandboxPair();

  async function signedIn() {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.pair.app.url);
    await browser.signIn(user.email, user.password);
    return { user, browser };
  }

  it('sends the user to Pagero with PKCE S256 and state, and brings them back to My Invoices connected', async () => {
    const { user, browser } = await signedIn();
    const { authorizeUrl, response } = await connectThroughPagero(browser, 'anna.rossi', 'anna-demo');
    assert.equal(authorizeUrl.pathname, '/oauth/v2/oauth-authorize');
    assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.match(authorizeUrl.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok((authorizeUrl.searchParams.get('state') ?? '').length >= 20);
    assert.equal(authorizeUrl.searchParams.get('redirect_uri'), `${t.pair.app.url}/einvoicing/callback`);

    assert.equal(response.status, 303);
    assert.equal(response.location, '/invoices');
    const page = await browser.get('/invoices');
    assert.match(page.text, /Connected to Pagero: 3 companies/);

    const [connection] = await t.db.sql`select id, status, access_token, refresh_token, chain_started_at, chain_expires_at from pagero_connections where user_id = ${user.id}`;
    assert.equal(connection!.status, 'active');
    const years = (connection!.chainExpiresAt.getTime() - connection!.chainStartedAt.getTime()) / (365.25 * 24 * 3600 * 1000);
    assert.ok(Math.abs(years - 3) < 0.01);
    const companies = await t.db.sql`
      select c.pagero_company_id from pagero_connection_companies cc join pagero_companies c on c.id = cc.company_id
      where cc.connection_id = ${connection!.id} order by 1`;
    assert.deepEqual(companies.map((c) => c.pageroCompanyId), DEMO_COMPANIES.map((c) => c.id).sort());
  });

  it('stores tokens encrypted and never shows or logs them', async () => {
    const { user, browser } = await signedIn();
    await connectThroughPagero(browser, 'marco.bianchi', 'marco-demo');
    const [row] = await t.db.sql`select id, access_token, refresh_token from pagero_connections where user_id = ${user.id}`;
    const access = t.pair.app.deps.pagero.cipher.decrypt(row!.accessToken);
    const refresh = t.pair.app.deps.pagero.cipher.decrypt(row!.refreshToken);
    assert.match(access, /^_0XBPWQQ_/);
    assert.match(refresh, /^_1XBPWQQ_/);
    assert.ok(!Buffer.from(row!.accessToken).toString('latin1').includes(access));
    const pages = await Promise.all(['/invoices', '/profile', '/settings/einvoicing'].map((p) => browser.get(p)));
    for (const page of pages) {
      assert.ok(!page.text.includes(access) && !page.text.includes(refresh));
      assert.ok(!page.text.includes('_0XBPWQQ_') && !page.text.includes('_1XBPWQQ_'));
    }
    const logs = t.pair.app.logLines.join('\n');
    assert.ok(!logs.includes('XBPWQQ'), 'no token in any log line');
  });

  it('renews in place when the user logs in again', async () => {
    const { user, browser } = await signedIn();
    await connectThroughPagero(browser, 'klaus.weber', 'klaus-demo');
    const [first] = await t.db.sql`select id, connected_at from pagero_connections where user_id = ${user.id}`;
    await t.db.sql`update pagero_connections set status = 'needs_renewal', needs_renewal_reason = 'test' where id = ${first!.id}`;
    await connectThroughPagero(browser, 'klaus.weber', 'klaus-demo');
    const rows = await t.db.sql`select id, status, connected_at from pagero_connections where user_id = ${user.id}`;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.id, first!.id);
    assert.equal(rows[0]!.status, 'active');
    assert.ok(rows[0]!.connectedAt > first!.connectedAt);
  });

  it('shows a clear page and changes nothing when the user cancels at Pagero', async () => {
    const { user, browser } = await signedIn();
    const { callbackUrl, response } = await connectThroughPagero(browser, 'anna.rossi', '', 'cancel');
    assert.equal(callbackUrl.searchParams.get('error'), 'access_denied');
    assert.equal(response.status, 400);
    assert.match(response.text, /You cancelled at Pagero/);
    assert.equal((await t.db.sql`select 1 from pagero_connections where user_id = ${user.id}`).length, 0);
  });

  it('ignores an answer whose state is wrong or missing', async () => {
    const { user, browser } = await signedIn();
    const start = await browser.get('/einvoicing/login');
    const authorize = new URL(start.location!);
    const approved = await fetch(authorize, { redirect: 'manual', headers: { 'x-sim-user': 'anna.rossi' } });
    const back = new URL(approved.headers.get('location')!);
    const wrong = new URLSearchParams(back.search);
    wrong.set('state', 'forged-state-value-forged-state-value');
    const forged = await browser.get(`/einvoicing/callback?${wrong}`);
    assert.equal(forged.status, 400);
    assert.match(forged.text, /security check on &quot;state&quot; failed|security check on "state" failed/);
    assert.equal((await t.db.sql`select 1 from pagero_connections where user_id = ${user.id}`).length, 0);

    const missing = new URLSearchParams(back.search);
    missing.delete('state');
    await browser.get('/einvoicing/login');
    assert.equal((await browser.get(`/einvoicing/callback?${missing}`)).status, 400);
    assert.equal((await t.db.sql`select 1 from pagero_connections where user_id = ${user.id}`).length, 0);
  });

  it('fails the exchange when the PKCE verifier does not match, and changes nothing', async () => {
    const { user, browser } = await signedIn();
    const first = await browser.get('/einvoicing/login');
    const firstState = new URL(first.location!).searchParams.get('state')!;
    const firstApproval = await fetch(new URL(first.location!), { redirect: 'manual', headers: { 'x-sim-user': 'anna.rossi' } });
    const firstCode = new URL(firstApproval.headers.get('location')!).searchParams.get('code')!;
    // A second login replaces the verifier cookie; an attacker's code from the first flow, with its state, no longer matches.
    const second = await browser.get('/einvoicing/login');
    const secondState = new URL(second.location!).searchParams.get('state')!;
    assert.notEqual(firstState, secondState);
    const res = await browser.get(`/einvoicing/callback?${new URLSearchParams({ code: firstCode, state: secondState })}`);
    assert.equal(res.status, 400);
    assert.match(res.text, /Pagero did not accept the login \(invalid_grant\)/);
    assert.equal((await t.db.sql`select 1 from pagero_connections where user_id = ${user.id}`).length, 0);
  });

  it('explains that Pagero could not be reached when the exchange fails on the network', async () => {
    const { user, browser } = await signedIn();
    const start = await browser.get('/einvoicing/login');
    const approved = await fetch(new URL(start.location!), { redirect: 'manual', headers: { 'x-sim-user': 'anna.rossi' } });
    const back = new URL(approved.headers.get('location')!);
    await fetch(`${t.pair.sandbox.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { method: 'POST', pathPrefix: '/oauth/v2/oauth-token' }, times: 1, respond: { type: 'drop' } }),
    });
    const res = await browser.get(back.pathname + back.search);
    assert.equal(res.status, 502);
    assert.match(res.text, /could not reach Pagero/);
    assert.equal((await t.db.sql`select 1 from pagero_connections where user_id = ${user.id}`).length, 0);
  });

  it('needs a signed-in apdesk user to start', async () => {
    const anonymous = new Browserless(t.pair.app.url);
    const res = await anonymous.get('/einvoicing/login');
    assert.equal(res.status, 302);
    assert.match(res.location!, /^\/login\?next=/);
  });
});
