import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CLIENT,
  COMPANY_A,
  OTHER_CLIENT,
  api,
  authorizeUrl,
  loginRedirect,
  loginTokens,
  passwordTokens,
  pkcePair,
  requestIdFrom,
  startTestSandbox,
  submitLogin,
  tokenRequest,
  type TestSandbox,
  type Tokens,
} from './helpers';

let sb: TestSandbox;
const alice = { username: 'alice', password: 'alice-pw' };

before(async () => {
  sb = await startTestSandbox();
});
after(async () => {
  await sb.close();
});
beforeEach(async () => {
  await sb.sim('/config', { reuse_revokes_chain: false, refresh_mode: 'absolute_cap', require_pkce: false, allow_plain_pkce: false });
  await sb.sim('/clock', { set: new Date().toISOString() });
});

async function expectTokenError(response: Response, status: number, error: string) {
  assert.equal(response.status, status, `expected ${status} ${error}`);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const body = (await response.json()) as { error: string; error_description?: string };
  assert.equal(body.error, error);
  return body;
}

async function exchangeWithPkce(verifierOverride?: string) {
  const { verifier, challenge } = pkcePair();
  const redirect = await loginRedirect(sb.url, alice, { code_challenge: challenge, code_challenge_method: 'S256' });
  const code = redirect.searchParams.get('code')!;
  const response = await tokenRequest(sb.url, { grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUri, code_verifier: verifierOverride ?? verifier });
  return { code, verifier, response };
}

async function refresh(refreshToken: string, auth: 'basic' | 'body' = 'basic') {
  return tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: refreshToken }, auth);
}

describe('authorize page', () => {
  it('shows a Pagero-like login form with username, password and Continue', async () => {
    const response = await fetch(authorizeUrl(sb.url, { state: 'abc' }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<form method="post" action="\/oauth\/v2\/oauth-authorize">/);
    assert.match(html, /name="username"/);
    assert.match(html, /type="password"[^>]*name="password"|name="password"[^>]*type="password"/);
    assert.match(html, /<button[^>]*value="continue"[^>]*>\s*Continue\s*<\/button>/);
    assert.match(html, /Test AP app/);
  });

  it('Continue with the right password redirects with code, state and iss', async () => {
    const redirect = await loginRedirect(sb.url, alice, { state: 'st-123' });
    assert.equal(`${redirect.origin}${redirect.pathname}`, CLIENT.redirectUri);
    assert.match(redirect.searchParams.get('code') ?? '', /^[A-Za-z0-9]{32}$/);
    assert.equal(redirect.searchParams.get('state'), 'st-123');
    assert.equal(redirect.searchParams.get('iss'), `${sb.url}/oauth/v2`);
  });

  it('a wrong password shows the form again with an error and no redirect', async () => {
    const page = await fetch(authorizeUrl(sb.url, {}));
    const requestId = requestIdFrom(await page.text());
    const wrong = await submitLogin(sb.url, requestId, { username: 'alice', password: 'nope', action: 'continue' });
    assert.equal(wrong.status, 200);
    assert.match(await wrong.text(), /Wrong username or password/);
    const right = await submitLogin(sb.url, requestId, { ...alice, action: 'continue' });
    assert.equal(right.status, 302);
  });

  it('Cancel redirects with error=access_denied and the state', async () => {
    const page = await fetch(authorizeUrl(sb.url, { state: 'keep-me' }));
    const response = await submitLogin(sb.url, requestIdFrom(await page.text()), { action: 'cancel' });
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.equal(location.searchParams.get('state'), 'keep-me');
    assert.equal(location.searchParams.get('code'), null);
  });

  it('an unknown client or a foreign redirect_uri gets a 400 page, never a redirect', async () => {
    const unknown = await fetch(authorizeUrl(sb.url, { client_id: 'nobody' }), { redirect: 'manual' });
    assert.equal(unknown.status, 400);
    const foreign = await fetch(authorizeUrl(sb.url, { redirect_uri: 'http://evil.test/cb' }), { redirect: 'manual' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.headers.get('location'), null);
  });

  it('bad parameters redirect with RFC 6749 errors', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'all admin' }, 'invalid_scope'],
      [{ code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge_method: 'S256' }, 'invalid_request'],
    ];
    for (const [params, error] of cases) {
      const response = await fetch(authorizeUrl(sb.url, { state: 'x', ...params }), { redirect: 'manual' });
      assert.equal(response.status, 302, JSON.stringify(params));
      const location = new URL(response.headers.get('location')!);
      assert.equal(location.searchParams.get('error'), error, JSON.stringify(params));
      assert.equal(location.searchParams.get('state'), 'x');
    }
  });

  it('require_pkce rejects an authorization request without a challenge', async () => {
    await sb.sim('/config', { require_pkce: true });
    const response = await fetch(authorizeUrl(sb.url, {}), { redirect: 'manual' });
    assert.equal(new URL(response.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  });
});

describe('authorization_code grant', () => {
  it('exchanges a code with a correct S256 verifier for Pagero-shaped tokens', async () => {
    const { response } = await exchangeWithPkce();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const tokens = (await response.json()) as Tokens;
    assert.equal(tokens.token_type, 'bearer');
    assert.match(tokens.access_token, /^_0XBPWQQ_[0-9a-f-]{36}$/);
    assert.match(tokens.refresh_token, /^_1XBPWQQ_[0-9a-f-]{36}$/);
    assert.equal(tokens.expires_in, 600);
    assert.equal(typeof tokens.scope, 'string');
    assert.equal(tokens.id_token, undefined);
  });

  it('rejects a wrong PKCE verifier with invalid_grant', async () => {
    const { response } = await exchangeWithPkce(pkcePair().verifier);
    await expectTokenError(response, 400, 'invalid_grant');
  });

  it('rejects a missing verifier when the request had a challenge', async () => {
    const { challenge } = pkcePair();
    const redirect = await loginRedirect(sb.url, alice, { code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await tokenRequest(sb.url, { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: CLIENT.redirectUri });
    await expectTokenError(response, 400, 'invalid_grant');
  });

  it('a code works once; replaying it fails and revokes what it was exchanged for', async () => {
    const { code, verifier, response } = await exchangeWithPkce();
    const tokens = (await response.json()) as Tokens;
    const replay = await tokenRequest(sb.url, { grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });
    await expectTokenError(replay, 400, 'invalid_grant');
    await expectTokenError(await refresh(tokens.refresh_token), 400, 'invalid_grant');
  });

  it('rejects a redirect_uri different from the authorization request', async () => {
    const { verifier, challenge } = pkcePair();
    const redirect = await loginRedirect(sb.url, alice, { code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await tokenRequest(sb.url, { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: 'http://app.test/other', code_verifier: verifier });
    await expectTokenError(response, 400, 'invalid_grant');
  });

  it('codes expire after code_ttl on the sandbox clock', async () => {
    const { verifier, challenge } = pkcePair();
    const redirect = await loginRedirect(sb.url, alice, { code_challenge: challenge, code_challenge_method: 'S256' });
    await sb.sim('/clock', { seconds: 61 });
    const response = await tokenRequest(sb.url, { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });
    await expectTokenError(response, 400, 'invalid_grant');
  });

  it('a code issued to one client cannot be redeemed by another', async () => {
    const { verifier, challenge } = pkcePair();
    const redirect = await loginRedirect(sb.url, alice, { code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await tokenRequest(
      sb.url,
      { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: CLIENT.redirectUri, code_verifier: verifier },
      'basic',
      OTHER_CLIENT,
    );
    await expectTokenError(response, 400, 'invalid_grant');
  });

  it('adds an id_token when openid was granted', async () => {
    const { verifier, challenge } = pkcePair();
    const redirect = await loginRedirect(sb.url, alice, { scope: 'all openid', code_challenge: challenge, code_challenge_method: 'S256' });
    const response = await tokenRequest(sb.url, { grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });
    const tokens = (await response.json()) as Tokens;
    assert.equal(tokens.id_token?.split('.').length, 3);
  });
});

describe('client authentication', () => {
  it('accepts client credentials in the body', async () => {
    const response = await tokenRequest(sb.url, { grant_type: 'password', ...alice }, 'body');
    assert.equal(response.status, 200);
  });

  it('rejects Basic and body credentials that disagree', async () => {
    const response = await fetch(`${sb.url}/oauth/v2/oauth-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'password', ...alice, client_id: OTHER_CLIENT.id, client_secret: OTHER_CLIENT.secret }),
    });
    await expectTokenError(response, 401, 'invalid_client');
  });

  it('accepts Basic and body credentials that agree', async () => {
    const response = await fetch(`${sb.url}/oauth/v2/oauth-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'password', ...alice, client_id: CLIENT.id }),
    });
    assert.equal(response.status, 200);
  });

  it('rejects a wrong secret or no authentication with 401 and WWW-Authenticate: Basic', async () => {
    const wrong = await tokenRequest(sb.url, { grant_type: 'password', ...alice }, 'basic', { ...CLIENT, secret: 'bad' });
    assert.match(wrong.headers.get('www-authenticate') ?? '', /^Basic/);
    await expectTokenError(wrong, 401, 'invalid_client');
    await expectTokenError(await tokenRequest(sb.url, { grant_type: 'password', ...alice }, 'none'), 401, 'invalid_client');
  });

  it('requires a form body and known grant types', async () => {
    const json = await fetch(`${sb.url}/oauth/v2/oauth-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expectTokenError(json, 400, 'invalid_request');
    await expectTokenError(await tokenRequest(sb.url, { grant_type: 'client_credentials' }), 400, 'unsupported_grant_type');
  });
});

describe('refresh_token grant', () => {
  it('rotates: new tokens with claims, the old refresh token is single-use', async () => {
    const first = await loginTokens(sb.url, alice);
    const response = await refresh(first.refresh_token, 'body');
    assert.equal(response.status, 200);
    const second = (await response.json()) as Tokens;
    assert.equal(second.claims, 'publicid');
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.notEqual(second.access_token, first.access_token);

    const replay = await refresh(first.refresh_token);
    await expectTokenError(replay, 400, 'invalid_grant');
    // Without reuse_revokes_chain the newest token keeps working.
    assert.equal((await refresh(second.refresh_token)).status, 200);
  });

  it('with reuse_revokes_chain a replay kills the whole chain', async () => {
    await sb.sim('/config', { reuse_revokes_chain: true });
    const first = await loginTokens(sb.url, alice);
    const second = (await (await refresh(first.refresh_token)).json()) as Tokens;
    await expectTokenError(await refresh(first.refresh_token), 400, 'invalid_grant');
    await expectTokenError(await refresh(second.refresh_token), 400, 'invalid_grant');
    assert.equal((await api(sb.url, `/company/v1/companies`, second.access_token)).status, 401);
  });

  it('the chain ends three years after the user authenticated, however often it rotated', async () => {
    let tokens = await loginTokens(sb.url, alice);
    for (const advance of ['P1Y', 'P1Y', 'P11M']) {
      await sb.sim('/clock', { advance });
      const response = await refresh(tokens.refresh_token);
      assert.equal(response.status, 200, `refresh after ${advance}`);
      tokens = (await response.json()) as Tokens;
    }
    const grants = (await (await sb.sim('/grants?user=alice')).json()) as { grants: { expiresAt: string; revokedAt: string | null }[] };
    assert.ok(grants.grants.length > 0);
    await sb.sim('/clock', { advance: 'P1M' });
    const expired = await expectTokenError(await refresh(tokens.refresh_token), 400, 'invalid_grant');
    assert.match(expired.error_description ?? '', /authenticate again/);
  });

  it('refresh_mode=sliding keeps a rotating chain alive past three years', async () => {
    await sb.sim('/config', { refresh_mode: 'sliding' });
    let tokens = await loginTokens(sb.url, alice);
    for (let i = 0; i < 4; i++) {
      await sb.sim('/clock', { advance: 'P1Y' });
      const response = await refresh(tokens.refresh_token);
      assert.equal(response.status, 200);
      tokens = (await response.json()) as Tokens;
    }
    await sb.sim('/clock', { advance: 'P3Y' });
    await expectTokenError(await refresh(tokens.refresh_token), 400, 'invalid_grant');
  });

  it('a refresh token belongs to its client', async () => {
    const tokens = await loginTokens(sb.url, alice);
    const response = await tokenRequest(sb.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, 'basic', OTHER_CLIENT);
    await expectTokenError(response, 400, 'invalid_grant');
  });
});

describe('password grant', () => {
  it('issues tokens for valid user credentials and invalid_grant otherwise', async () => {
    const tokens = await passwordTokens(sb.url, 'alice', 'alice-pw');
    assert.match(tokens.access_token, /^_0XBPWQQ_/);
    await expectTokenError(await tokenRequest(sb.url, { grant_type: 'password', username: 'alice', password: 'bad' }), 400, 'invalid_grant');
  });
});

describe('access tokens on the API', () => {
  it('expire after access_token_ttl with a Bearer invalid_token 401', async () => {
    const tokens = await loginTokens(sb.url, alice);
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 200);
    await sb.sim('/clock', { seconds: 601 });
    const expired = await api(sb.url, '/company/v1/companies', tokens.access_token);
    assert.equal(expired.status, 401);
    assert.equal(expired.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
    assert.deepEqual(await expired.json(), { error: 'invalid_token' });
  });

  it('unknown and missing tokens get 401', async () => {
    assert.equal((await api(sb.url, '/company/v1/companies', '_0XBPWQQ_nope')).status, 401);
    assert.equal((await fetch(`${sb.url}/document/v1/documents?companyId=${COMPANY_A.id}`)).status, 401);
  });
});

describe('consent and revocation', () => {
  it('withdrawn consent kills refresh and access tokens of that user and client only', async () => {
    const tokens = await loginTokens(sb.url, alice);
    const bothTokens = await passwordTokens(sb.url, 'both', 'both-pw');
    const revoked = await sb.sim('/consent/revoke', { user: 'alice', client_id: CLIENT.id });
    assert.equal(revoked.status, 200);
    assert.ok(((await revoked.json()) as { revokedGrants: number }).revokedGrants >= 1);
    await expectTokenError(await refresh(tokens.refresh_token), 400, 'invalid_grant');
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 401);
    assert.equal((await api(sb.url, '/company/v1/companies', bothTokens.access_token)).status, 200);
    // A new login works again.
    assert.equal((await api(sb.url, '/company/v1/companies', (await loginTokens(sb.url, alice)).access_token)).status, 200);
  });

  it('oauth-revoke of a refresh token ends its chain and answers 200 with an empty body', async () => {
    const tokens = await loginTokens(sb.url, alice);
    const response = await fetch(`${sb.url}/oauth/v2/oauth-revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}` },
      body: new URLSearchParams({ token: tokens.refresh_token, token_type_hint: 'refresh_token' }),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
    await expectTokenError(await refresh(tokens.refresh_token), 400, 'invalid_grant');
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 401);
  });

  it('oauth-revoke of an access token kills that token; unknown tokens still get 200; bad clients 401', async () => {
    const tokens = await loginTokens(sb.url, alice);
    const revoke = (token: string, client = CLIENT) =>
      fetch(`${sb.url}/oauth/v2/oauth-revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}` },
        body: new URLSearchParams({ token }),
      });
    assert.equal((await revoke(tokens.access_token)).status, 200);
    assert.equal((await api(sb.url, '/company/v1/companies', tokens.access_token)).status, 401);
    assert.equal((await refresh(tokens.refresh_token)).status, 200);
    assert.equal((await revoke('_1XBPWQQ_unknown')).status, 200);
    assert.equal((await revoke('x', { ...CLIENT, secret: 'wrong' })).status, 401);
  });
});

describe('inspection', () => {
  it('counts token requests per grant type', async () => {
    const before = (await (await sb.sim('/stats')).json()) as { token: Record<string, { requests: number; succeeded: number; failed: number }> };
    const tokens = await loginTokens(sb.url, alice);
    await refresh(tokens.refresh_token);
    await refresh(tokens.refresh_token);
    const afterStats = (await (await sb.sim('/stats')).json()) as typeof before;
    const delta = (grant: string, key: 'requests' | 'succeeded' | 'failed') => (afterStats.token[grant]?.[key] ?? 0) - (before.token[grant]?.[key] ?? 0);
    assert.equal(delta('authorization_code', 'requests'), 1);
    assert.equal(delta('refresh_token', 'requests'), 2);
    assert.equal(delta('refresh_token', 'succeeded'), 1);
    assert.equal(delta('refresh_token', 'failed'), 1);
    const log = (await (await sb.sim('/requests?pathPrefix=/oauth/v2/oauth-token')).json()) as { items: { grantType?: string; status: number }[] };
    assert.ok(log.items.some((entry) => entry.grantType === 'refresh_token' && entry.status === 400));
  });
});

describe('X-Sim-User test hook', () => {
  it('skips the login form and redirects with a code for the named user', async () => {
    const response = await fetch(authorizeUrl(sb.url, { state: 'h' }), { redirect: 'manual', headers: { 'x-sim-user': 'alice' } });
    assert.equal(response.status, 302);
    const location = new URL(response.headers.get('location')!);
    assert.match(location.searchParams.get('code') ?? '', /^[A-Za-z0-9]{32}$/);
    assert.equal(location.searchParams.get('state'), 'h');
  });
});
