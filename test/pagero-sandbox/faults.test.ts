import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { COMPANY_A, api, passwordTokens, startTestSandbox, tokenRequest, type TestSandbox, type Tokens } from './helpers';

let sb: TestSandbox;
let tokens: Tokens;
const LIST = `/document/v1/documents?companyId=${COMPANY_A.id}`;

before(async () => {
  sb = await startTestSandbox();
  await sb.sim('/documents', { companyId: COMPANY_A.id, xml: '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>F-1</ID></Invoice>' });
  tokens = await passwordTokens(sb.url, 'alice', 'alice-pw');
});
after(async () => {
  await sb.close();
});
afterEach(async () => {
  await sb.sim('/faults', undefined, 'DELETE');
});

async function addFault(rule: unknown) {
  const response = await sb.sim('/faults', rule);
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { rules: { id: string }[] }).rules[0]!.id;
}

describe('fault injection', () => {
  it('429 with Retry-After seconds for the next n matching calls, then normal service', async () => {
    await addFault({ match: { pathPrefix: '/document/' }, times: 2, respond: { type: 'status', status: 429, retryAfter: 3 } });
    for (let i = 0; i < 2; i++) {
      const limited = await api(sb.url, LIST, tokens.access_token);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '3');
    }
    assert.equal((await api(sb.url, LIST, tokens.access_token)).status, 200);
    const rules = (await (await sb.sim('/faults')).json()) as { rules: { triggered: number; remaining: number; seen: number }[] };
    assert.deepEqual(
      rules.rules.map(({ triggered, remaining, seen }) => ({ triggered, remaining, seen })),
      [{ triggered: 2, remaining: 0, seen: 3 }],
    );
  });

  it('429 with an HTTP-date Retry-After', async () => {
    await addFault({ match: { pathPrefix: '/company/' }, respond: { type: 'status', status: 429, retryAfter: 120, retryAfterDate: true } });
    const limited = await api(sb.url, '/company/v1/companies', tokens.access_token);
    const date = Date.parse(limited.headers.get('retry-after') ?? '');
    assert.ok(date > Date.now() + 100_000 && date < Date.now() + 130_000);
  });

  it('5xx with and without a JSON body', async () => {
    await addFault({ match: { pathPrefix: '/document/' }, respond: { type: 'status', status: 503, retryAfter: 1, body: { error: 'service_unavailable' } } });
    await addFault({ match: { pathPrefix: '/company/' }, respond: { type: 'status', status: 500 } });
    const unavailable = await api(sb.url, LIST, tokens.access_token);
    assert.equal(unavailable.status, 503);
    assert.deepEqual(await unavailable.json(), { error: 'service_unavailable' });
    const broken = await api(sb.url, '/company/v1/companies', tokens.access_token);
    assert.equal(broken.status, 500);
    assert.equal(await broken.text(), '');
  });

  it('drops the connection without an answer, and the server keeps serving', async () => {
    await addFault({ match: { method: 'GET', pathPrefix: '/company/' }, respond: { type: 'drop' } });
    await assert.rejects(api(sb.url, '/company/v1/companies', tokens.access_token), TypeError);
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 200);
    const log = (await (await sb.sim('/requests?pathPrefix=/company/')).json()) as { items: { fault?: string; status: number | null }[] };
    assert.ok(log.items.some((entry) => entry.fault === 'drop' && entry.status === null));
  });

  it('delays a response, then serves it', async () => {
    await addFault({ match: { pathPrefix: '/company/' }, respond: { type: 'delay', ms: 300 } });
    const started = performance.now();
    const response = await api(sb.url, '/company/v1/companies', tokens.access_token);
    assert.equal(response.status, 200);
    assert.ok(performance.now() - started >= 290);
  });

  it('answers 401 invalid_token on a still-valid token', async () => {
    await addFault({ match: { pathPrefix: '/document/' }, respond: { type: 'invalid_token' } });
    const rejected = await api(sb.url, LIST, tokens.access_token);
    assert.equal(rejected.status, 401);
    assert.equal(rejected.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    assert.equal((await api(sb.url, LIST, tokens.access_token)).status, 200);
  });

  it('lost_response applies /fetch and still answers 502', async () => {
    const list = (await (await api(sb.url, LIST, tokens.access_token)).json()) as { items: { id: string }[] };
    const id = list.items[0]!.id;
    await addFault({ match: { method: 'POST', pathPrefix: '/document/v1/documents/fetch' }, respond: { type: 'lost_response' } });
    const lost = await api(sb.url, '/document/v1/documents/fetch', tokens.access_token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ids: [id] }) });
    assert.equal(lost.status, 502);
    const doc = (await (await sb.sim(`/documents/${id}`)).json()) as { isFetched: boolean };
    assert.equal(doc.isFetched, true);
  });

  it('after skips the first matches; pathRegex and method scope the rule; times null lasts until deleted', async () => {
    const id = await addFault({ match: { method: 'GET', pathRegex: '^/company/v1/companies$' }, after: 1, times: null, respond: { type: 'status', status: 502 } });
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 502);
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token, { method: 'POST' })).status, 404);
    assert.equal((await api(sb.url, LIST, tokens.access_token)).status, 200);
    assert.equal((await sb.sim(`/faults/${id}`, undefined, 'DELETE')).status, 204);
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 200);
  });

  it('a 503 on the token endpoint does not consume the refresh token', async () => {
    await addFault({ match: { pathPrefix: '/oauth/v2/oauth-token' }, respond: { type: 'status', status: 503, retryAfter: 1 } });
    const first = await tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(first.status, 503);
    const second = await tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    assert.equal(second.status, 200);
    tokens = (await second.json()) as Tokens;
  });

  it('never applies to /_sim', async () => {
    await addFault({ match: { pathPrefix: '/' }, times: null, respond: { type: 'status', status: 500 } });
    assert.equal((await sb.sim('/state')).status, 200);
  });

  it('counts triggered faults in /_sim/stats', async () => {
    const before = ((await (await sb.sim('/stats')).json()) as { faults: { triggered: number } }).faults.triggered;
    await addFault({ match: { pathPrefix: '/company/' }, times: 1, respond: { type: 'status', status: 500 } });
    await api(sb.url, '/company/v1/companies', tokens.access_token);
    const afterCount = ((await (await sb.sim('/stats')).json()) as { faults: { triggered: number } }).faults.triggered;
    assert.equal(afterCount - before, 1);
  });
});
