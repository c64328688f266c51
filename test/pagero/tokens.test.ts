import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger';
import { NeedsRenewalError } from '../../src/pagero/connections';
import { PageroUnavailableError } from '../../src/pagero/oauth';
import { DEFAULT_RETRY } from '../../src/pagero/retry';
import { createPageroService } from '../../src/pagero/service';
import { DEMO_COMPANY_IDS } from '../../src/pagero-sandbox/seed-demo';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { CLIENT, connectThroughPagero, useSandboxPair } from '../helpers/pagero';
import { refreshCount, sim } from '../helpers/sim';

describe('Pagero tokens and API calls', () => {
  const t = useSandboxPair();

  async function connected(username = 'anna.rossi', password = 'anna-demo') {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.pair.app.url);
    await browser.signIn(user.email, user.password);
    await connectThroughPagero(browser, username, password);
    const [row] = await t.db.sql`select id::int from pagero_connections where user_id = ${user.id}`;
    return { user, browser, connectionId: row!.id as number };
  }

  /** A second, independent client, as a second worker process would have. */
  const otherWorker = (wait?: (ms: number) => Promise<unknown>) =>
    createPageroService(t.pair.app.config, t.db.sql, createLogger('silent'), { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 20, ...(wait ? { wait } : {}) });

  it('refreshes an access token that is about to expire before calling, and keeps the rotated refresh token', async () => {
    const { connectionId } = await connected();
    // Nine and a half minutes into a ten-minute token.
    await t.db.sql`update pagero_connections set access_expires_at = now() + interval '30 seconds', connected_at = now() - interval '570 seconds' where id = ${connectionId}`;
    const [before] = await t.db.sql`select refresh_token from pagero_connections where id = ${connectionId}`;
    const oldRefresh = t.pair.app.deps.pagero.cipher.decrypt(before!.refreshToken);
    const refreshesBefore = await refreshCount(t.pair.sandbox.url);

    const companies = await t.pair.app.deps.pagero.apiFor(connectionId).listCompanies();
    assert.equal(companies?.length, 3);
    assert.equal((await refreshCount(t.pair.sandbox.url)) - refreshesBefore, 1);
    const [afterRow] = await t.db.sql`select refresh_token, access_expires_at from pagero_connections where id = ${connectionId}`;
    assert.notEqual(t.pair.app.deps.pagero.cipher.decrypt(afterRow!.refreshToken), oldRefresh);
    assert.ok(afterRow!.accessExpiresAt.getTime() > Date.now() + 500_000);

    const replay = await fetch(`${t.pair.sandbox.url}/oauth/v2/oauth-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: oldRefresh }),
    });
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as { error: string }).error, 'invalid_grant', 'a replayed refresh token is rejected');
  });

  it('refreshes once after a 401 on an expired token and retries the call once', async () => {
    const { connectionId } = await connected();
    await sim(t.pair.sandbox.url, '/clock', { seconds: 601 });
    const before = await refreshCount(t.pair.sandbox.url);
    const page = await t.pair.app.deps.pagero.apiFor(connectionId).listReceived({ companyId: DEMO_COMPANY_IDS.italy, documentTypes: ['Invoice'], limit: 5 });
    assert.equal(page.items.length, 5);
    assert.equal((await refreshCount(t.pair.sandbox.url)) - before, 1);
  });

  it('recovers from a 401 on a still-valid token without looping', async () => {
    const { connectionId } = await connected();
    await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/company/v1' }, times: 1, respond: { type: 'invalid_token' } });
    const before = await refreshCount(t.pair.sandbox.url);
    assert.equal((await t.pair.app.deps.pagero.apiFor(connectionId).listCompanies())?.length, 3);
    assert.equal((await refreshCount(t.pair.sandbox.url)) - before, 1);

    await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/company/v1' }, times: 5, respond: { type: 'invalid_token' } });
    await assert.rejects(t.pair.app.deps.pagero.apiFor(connectionId).listCompanies(), /refused the access token/);
    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
  });

  it('lets two workers refresh one connection at the same moment: one refresh reaches Pagero, both calls succeed', async () => {
    const { connectionId } = await connected();
    await t.db.sql`update pagero_connections set access_expires_at = now() - interval '1 minute' where id = ${connectionId}`;
    const before = await refreshCount(t.pair.sandbox.url);
    const [a, b] = await Promise.all([otherWorker().apiFor(connectionId).listCompanies(), otherWorker().apiFor(connectionId).listCompanies()]);
    assert.equal(a?.length, 3);
    assert.equal(b?.length, 3);
    assert.equal((await refreshCount(t.pair.sandbox.url)) - before, 1);
  });

  it('marks the connection "needs renewal" and emails the user when consent is revoked at Pagero', async () => {
    const { user, connectionId } = await connected('marco.bianchi', 'marco-demo');
    await sim(t.pair.sandbox.url, '/consent/revoke', { user: 'marco.bianchi', client_id: CLIENT.id });
    await assert.rejects(t.pair.app.deps.pagero.apiFor(connectionId).listCompanies(), NeedsRenewalError);
    const [row] = await t.db.sql`select status, access_token, refresh_token from pagero_connections where id = ${connectionId}`;
    assert.equal(row!.status, 'needs_renewal');
    assert.equal(row!.refreshToken, null);
    const mails = await t.db.sql`select subject from mail_messages where to_address = ${user.email}`;
    assert.deepEqual(mails.map((m) => m.subject), ['Your Pagero connection in apdesk needs renewal']);
    await assert.rejects(t.pair.app.deps.pagero.apiFor(connectionId).listCompanies(), NeedsRenewalError, 'a connection needing renewal is not used again');
    assert.equal((await t.db.sql`select count(*)::int as n from mail_messages where to_address = ${user.email}`)[0]!.n, 1);
  });

  it('marks the connection "needs renewal" and emails the user when the three-year chain ends', async () => {
    const { user, connectionId } = await connected('klaus.weber', 'klaus-demo');
    await sim(t.pair.sandbox.url, '/clock', { advance: 'P3Y1D' });
    await assert.rejects(t.pair.app.deps.pagero.apiFor(connectionId).listCompanies(), NeedsRenewalError);
    const [row] = await t.db.sql`select status from pagero_connections where id = ${connectionId}`;
    assert.equal(row!.status, 'needs_renewal');
    assert.equal((await t.db.sql`select count(*)::int as n from mail_messages where to_address = ${user.email} and kind = 'pagero_needs_renewal'`)[0]!.n, 1);
  });

  it('waits as Retry-After asks on 429 and backs off on 5xx, then succeeds', async () => {
    const { connectionId } = await connected();
    const waits: number[] = [];
    const worker = otherWorker(async (ms) => void waits.push(ms));
    await sim(t.pair.sandbox.url, '/faults', {
      rules: [
        { match: { pathPrefix: '/company/v1' }, times: 1, respond: { type: 'status', status: 429, retryAfter: 2 } },
        { match: { pathPrefix: '/company/v1' }, times: 2, after: 0, respond: { type: 'status', status: 503 } },
      ],
    });
    assert.equal((await worker.apiFor(connectionId).listCompanies())?.length, 3);
    assert.equal(waits.length, 3);
    assert.ok(waits.includes(2000), `Retry-After honoured: ${waits}`);
    assert.ok(waits.every((ms) => ms <= 2000));
  });

  it('retries dropped connections and gives up with a clear error after a bounded number of attempts', async () => {
    const { connectionId } = await connected();
    const waits: number[] = [];
    const worker = otherWorker(async (ms) => void waits.push(ms));
    await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/company/v1' }, times: 2, respond: { type: 'drop' } });
    assert.equal((await worker.apiFor(connectionId).listCompanies())?.length, 3);
    await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/company/v1' }, times: 20, respond: { type: 'status', status: 500 } });
    await assert.rejects(worker.apiFor(connectionId).listCompanies(), (e: unknown) => e instanceof PageroUnavailableError && /after 6 attempts/.test(e.message));
    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
  });

  it('refuses a company the user cannot access (403) without touching the connection', async () => {
    const { connectionId } = await connected('sofia.lindberg', 'sofia-demo');
    await assert.rejects(
      t.pair.app.deps.pagero.apiFor(connectionId).listReceived({ companyId: DEMO_COMPANY_IDS.italy, documentTypes: ['Invoice'] }),
      /may not access/,
    );
    assert.equal(await t.pair.app.deps.pagero.apiFor(connectionId).canAccessCompany(DEMO_COMPANY_IDS.italy), false);
    assert.equal(await t.pair.app.deps.pagero.apiFor(connectionId).canAccessCompany(DEMO_COMPANY_IDS.sweden), true);
    const [row] = await t.db.sql`select status from pagero_connections where id = ${connectionId}`;
    assert.equal(row!.status, 'active');
  });
});
