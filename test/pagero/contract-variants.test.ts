/*
 * Servers that keep shared/pagero-api.md in ways our sandbox's defaults do not show: a client
 * secret that needs RFC 6749 form-encoding, a token endpoint refusing apdesk itself, answers
 * that break off halfway, a company listing refused by a gateway.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PageroClientError } from '../../src/pagero/oauth';
import { DEMO_COMPANY_IDS } from '../../src/pagero-sandbox/seed-demo';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { connectThroughPagero, useSandboxPair } from '../helpers/pagero';
import { refreshCount, sim } from '../helpers/sim';

describe('Pagero servers that keep the contract differently', () => {
  const t = useSandboxPair({}, { client: { id: 'apdesk:prod', secret: 'q+7/Zk%2F=x:y==' } });
  const clearFaults = () => fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });

  async function connected() {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.pair.app.url);
    await browser.signIn(user.email, user.password);
    const { response } = await connectThroughPagero(browser, 'anna.rossi', 'anna-demo');
    assert.equal(response.status, 303, 'the login finished');
    const [row] = await t.db.sql`select id::int from pagero_connections where user_id = ${user.id}`;
    return row!.id as number;
  }

  it('logs in and refreshes with a client id and secret that hold +, /, %, = and :', async () => {
    const connectionId = await connected();
    await t.db.sql`update pagero_connections set access_expires_at = now() - interval '1 minute' where id = ${connectionId}`;
    const before = await refreshCount(t.pair.sandbox.url);
    assert.equal((await t.pair.app.deps.pagero.apiFor(connectionId).listCompanies())?.length, 3);
    assert.equal((await refreshCount(t.pair.sandbox.url)) - before, 1);
  });

  it('refreshes short-lived access tokens at half their life, not before every call', async () => {
    await sim(t.pair.sandbox.url, '/config', { access_token_ttl: 40 });
    try {
      const connectionId = await connected();
      const api = t.pair.app.deps.pagero.apiFor(connectionId);
      const before = await refreshCount(t.pair.sandbox.url);
      for (let i = 0; i < 3; i++) await api.listCompanies();
      assert.equal((await refreshCount(t.pair.sandbox.url)) - before, 0, 'a 40 s token is used for its first 20 s');
      await t.db.sql`update pagero_connections set access_expires_at = now() + interval '15 seconds', connected_at = now() - interval '25 seconds' where id = ${connectionId}`;
      await api.listCompanies();
      assert.equal((await refreshCount(t.pair.sandbox.url)) - before, 1, 'past half its life it is refreshed');
    } finally {
      await sim(t.pair.sandbox.url, '/config', { access_token_ttl: 600 });
    }
  });

  for (const [what, respond] of [
    ['invalid_client', { type: 'status', status: 401, body: { error: 'invalid_client' }, headers: { 'WWW-Authenticate': 'Basic' } }],
    ['a plain 404 page', { type: 'status', status: 404 }],
    ['invalid_request', { type: 'status', status: 400, body: { error: 'invalid_request', error_description: 'bad form' } }],
  ] as const) {
    it(`keeps the user's connection and refresh token when the token endpoint answers ${what}`, async () => {
      const connectionId = await connected();
      const [before] = await t.db.sql`select refresh_token from pagero_connections where id = ${connectionId}`;
      await t.db.sql`update pagero_connections set access_expires_at = now() - interval '1 minute' where id = ${connectionId}`;
      await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/oauth/v2/oauth-token' }, times: 1, respond });
      await assert.rejects(t.pair.app.deps.pagero.apiFor(connectionId).listCompanies(), PageroClientError);
      const [row] = await t.db.sql`select status, refresh_token from pagero_connections where id = ${connectionId}`;
      assert.equal(row!.status, 'active');
      assert.deepEqual(row!.refreshToken, before!.refreshToken);
      assert.equal((await t.pair.app.deps.pagero.apiFor(connectionId).listCompanies())?.length, 3, 'the next try works once Pagero accepts apdesk again');
      await clearFaults();
    });
  }

  it('downloads a document again when its body breaks off halfway', async () => {
    const connectionId = await connected();
    const api = t.pair.app.deps.pagero.apiFor(connectionId);
    const [doc] = (await api.listReceived({ companyId: DEMO_COMPANY_IDS.italy, documentTypes: ['Invoice'], limit: 1 })).items;
    const whole = await api.targetDocument(doc!.id);
    await sim(t.pair.sandbox.url, '/faults', { match: { pathRegex: '/targetdocument$' }, times: 2, respond: { type: 'break_body' } });
    assert.deepEqual(await api.targetDocument(doc!.id), whole);
    const { rules: [rule] } = await sim<{ rules: { triggered: number }[] }>(t.pair.sandbox.url, '/faults');
    assert.equal(rule!.triggered, 2, 'both broken answers were seen and retried');
    await clearFaults();
  });

  it('takes 202 and 204 (no body) as a successful acknowledgement', async () => {
    const connectionId = await connected();
    const api = t.pair.app.deps.pagero.apiFor(connectionId);
    const { items } = await api.listReceived({ companyId: DEMO_COMPANY_IDS.italy, documentTypes: ['Invoice'], limit: 2 });
    for (const [status, doc] of [[204, items[0]!], [202, items[1]!]] as const) {
      await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/document/v1/documents/fetch' }, times: 1, respond: { type: 'lost_response', status } });
      await api.markFetched([doc.id]);
      const { rules } = await sim<{ rules: { triggered: number }[] }>(t.pair.sandbox.url, '/faults');
      assert.equal(rules[0]!.triggered, 1, `the ${status} answer was given once and not retried`);
      await clearFaults();
    }
  });

  it('treats a company listing refused with 400 or 403 as "no listing" and probes the companies entered by hand', async () => {
    const connectionId = await connected();
    for (const status of [400, 403]) {
      await sim(t.pair.sandbox.url, '/faults', { match: { pathPrefix: '/company/v1' }, times: 1, respond: { type: 'status', status } });
      assert.equal(await t.pair.app.deps.pagero.apiFor(connectionId).listCompanies(), null);
    }
    await clearFaults();
  });
});
