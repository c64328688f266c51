import type { Context } from 'hono';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { authenticateClient } from './client-auth';
import type { SandboxEnv } from './env';
import { AuthorizeErrorPage, LoginPage } from './login-page';
import type { AuthorizationCode, PendingAuthorization, SandboxState } from './state';
import { issueTokens, randomAlphanumeric, refreshTokenExpiry, revokeChain, s256, startChain, type TokenResponse } from './tokens';
import type { SandboxClient } from './types';

/** How long the login page stays usable after the authorize request (sim clock). */
const PENDING_LOGIN_TTL_MS = 30 * 60 * 1000;
/** RFC 7636 §4.1 */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

type Ctx = Context<SandboxEnv>;

export interface OAuthOptions {
  /** Fixed issuer (`iss`) URL; by default `<request origin>/oauth/v2`. */
  issuer?: string;
}

class TokenError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

function parseScopes(raw: string | undefined): string[] {
  return (raw ?? 'all').split(' ').filter((s) => s.length > 0);
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/** Reads an `application/x-www-form-urlencoded` body; RFC 6749 forbids repeating a parameter. */
async function readForm(c: Ctx): Promise<URLSearchParams> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    throw new TokenError(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(await c.req.text());
  for (const key of new Set(form.keys())) {
    if (form.getAll(key).length > 1) throw new TokenError(400, 'invalid_request', `Parameter ${key} is repeated`);
  }
  return form;
}

function tokenJson(c: Ctx, status: 200 | 400 | 401, body: object) {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  if (status === 401) c.header('WWW-Authenticate', 'Basic realm="Pagero sandbox"');
  return c.json(body, status);
}

export function oauthRoutes(state: SandboxState, options: OAuthOptions = {}): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const issuerOf = (c: Ctx) => options.issuer ?? `${new URL(c.req.url).origin}/oauth/v2`;

  const badAuthorizeRequest = (c: Ctx, message: string) => c.html(<AuthorizeErrorPage message={message} />, 400);

  const issueCode = (c: Ctx, pending: PendingAuthorization, username: string) => {
    const now = state.clock.now();
    const code: AuthorizationCode = {
      code: randomAlphanumeric(32),
      clientId: pending.clientId,
      redirectUri: pending.redirectUri,
      username,
      scopes: pending.scopes,
      codeChallenge: pending.codeChallenge,
      codeChallengeMethod: pending.codeChallengeMethod,
      authTime: now,
      expiresAt: now + state.config.codeTtl * 1000,
      used: false,
    };
    state.codes.set(code.code, code);
    state.stats.authorize.approved++;
    return c.redirect(redirectWith(pending.redirectUri, { code: code.code, state: pending.state, iss: issuerOf(c) }), 302);
  };

  app.get('/oauth-authorize', (c) => {
    state.stats.authorize.pageViews++;
    const q = c.req.query();
    const client = q.client_id ? state.clients.get(q.client_id) : undefined;
    if (!client) return badAuthorizeRequest(c, 'Unknown client_id. The application that sent you here is not registered with Pagero.');
    if (!q.redirect_uri || !client.redirectUris.includes(q.redirect_uri)) {
      return badAuthorizeRequest(c, 'The redirect_uri does not match the one registered for this application.');
    }
    const redirectUri = q.redirect_uri;
    const fail = (error: string, description: string) =>
      c.redirect(redirectWith(redirectUri, { error, error_description: description, state: q.state, iss: issuerOf(c) }), 302);

    for (const [key, values] of Object.entries(c.req.queries())) {
      if (values.length > 1) return fail('invalid_request', `Parameter ${key} is repeated`);
    }
    if (!q.response_type) return fail('invalid_request', 'response_type is required');
    if (q.response_type !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported');
    const scopes = parseScopes(q.scope);
    if (scopes.some((s) => !client.allowedScopes.includes(s))) return fail('invalid_scope', 'Requested scope is not allowed for this client');
    const challenge = q.code_challenge;
    const method = q.code_challenge_method;
    if (method !== undefined && challenge === undefined) return fail('invalid_request', 'code_challenge_method without code_challenge');
    if (challenge !== undefined) {
      const effective = method ?? 'plain';
      if (effective !== 'S256' && !(effective === 'plain' && state.config.allowPlainPkce)) {
        return fail('invalid_request', 'code_challenge_method must be S256');
      }
      if (!PKCE_VALUE.test(challenge)) return fail('invalid_request', 'Malformed code_challenge');
    } else if (state.config.requirePkce) {
      return fail('invalid_request', 'PKCE code_challenge is required');
    }

    const pending: PendingAuthorization = {
      id: randomUUID(),
      clientId: client.clientId,
      redirectUri,
      state: q.state,
      scopes,
      codeChallenge: challenge,
      codeChallengeMethod: challenge === undefined ? undefined : (method ?? 'plain'),
      createdAt: state.clock.now(),
    };

    // Test hook: a client test can skip the form by naming the user in a header no browser sends.
    const simUser = c.req.header('x-sim-user');
    if (simUser !== undefined) {
      const user = state.users.get(simUser);
      if (!user) return fail('access_denied', 'Unknown X-Sim-User');
      return issueCode(c, pending, user.username);
    }

    state.pendingAuthorizations.set(pending.id, pending);
    return c.html(<LoginPage requestId={pending.id} clientName={client.name} username={q.login_hint} />);
  });

  app.post('/oauth-authorize', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const pending = state.pendingAuthorizations.get(field('request_id'));
    if (!pending || state.clock.now() - pending.createdAt > PENDING_LOGIN_TTL_MS) {
      return badAuthorizeRequest(c, 'This login request has expired. Go back to the application and start the login again.');
    }
    const client = state.clients.get(pending.clientId);
    if (!client) return badAuthorizeRequest(c, 'The application is no longer registered with Pagero.');

    if (field('action') === 'cancel') {
      state.pendingAuthorizations.delete(pending.id);
      state.stats.authorize.denied++;
      return c.redirect(
        redirectWith(pending.redirectUri, { error: 'access_denied', error_description: 'The user cancelled the login', state: pending.state, iss: issuerOf(c) }),
        302,
      );
    }
    const user = state.users.get(field('username'));
    if (!user || user.password !== field('password')) {
      state.stats.authorize.failedLogins++;
      return c.html(<LoginPage requestId={pending.id} clientName={client.name} username={field('username')} error="Wrong username or password." />);
    }
    state.pendingAuthorizations.delete(pending.id);
    return issueCode(c, pending, user.username);
  });

  app.post('/oauth-token', async (c) => {
    let grantType = 'unknown';
    try {
      const form = await readForm(c);
      grantType = form.get('grant_type') ?? 'missing';
      c.set('grantType', grantType);
      state.countGrant(grantType, 'requests');
      const auth = authenticateClient(state, c.req.header('authorization'), form);
      if (!auth.ok) throw new TokenError(401, 'invalid_client', auth.description);
      const body = grant(state, auth.client, grantType, form, issuerOf(c));
      state.countGrant(grantType, 'succeeded');
      return tokenJson(c, 200, body);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      state.countGrant(grantType, 'failed');
      state.stats.tokenErrors[err.error] = (state.stats.tokenErrors[err.error] ?? 0) + 1;
      return tokenJson(c, err.status, { error: err.error, error_description: err.description });
    }
  });

  app.post('/oauth-revoke', async (c) => {
    state.stats.revoke.requests++;
    try {
      const form = await readForm(c);
      const auth = authenticateClient(state, c.req.header('authorization'), form);
      if (!auth.ok) throw new TokenError(401, 'invalid_client', auth.description);
      const token = form.get('token');
      if (!token) throw new TokenError(400, 'invalid_request', 'token is required');
      revokeToken(state, auth.client, token);
      return c.body(null, 200);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      return tokenJson(c, err.status, { error: err.error, error_description: err.description });
    }
  });

  return app;
}

function grant(state: SandboxState, client: SandboxClient, grantType: string, form: URLSearchParams, issuer: string): TokenResponse {
  switch (grantType) {
    case 'authorization_code':
      return authorizationCodeGrant(state, client, form, issuer);
    case 'refresh_token':
      return refreshTokenGrant(state, client, form, issuer);
    case 'password':
      return passwordGrant(state, client, form, issuer);
    case 'missing':
      throw new TokenError(400, 'invalid_request', 'grant_type is required');
    default:
      throw new TokenError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
  }
}

function authorizationCodeGrant(state: SandboxState, client: SandboxClient, form: URLSearchParams, issuer: string): TokenResponse {
  const code = form.get('code');
  if (!code) throw new TokenError(400, 'invalid_request', 'code is required');
  const record = state.codes.get(code);
  if (!record || record.clientId !== client.clientId) throw new TokenError(400, 'invalid_grant', 'Unknown authorization code');
  if (record.used) {
    // RFC 6749 §4.1.2: a replayed code should revoke what it was exchanged for.
    if (record.chainId) revokeChain(state, record.chainId, 'authorization code replayed');
    throw new TokenError(400, 'invalid_grant', 'Authorization code already used');
  }
  // Any attempt burns the code, so a verifier cannot be guessed over several tries.
  record.used = true;
  if (state.clock.now() >= record.expiresAt) throw new TokenError(400, 'invalid_grant', 'Authorization code expired');
  if (form.get('redirect_uri') !== record.redirectUri) throw new TokenError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
  const verifier = form.get('code_verifier');
  if (record.codeChallenge !== undefined) {
    if (!verifier) throw new TokenError(400, 'invalid_grant', 'code_verifier is required');
    const derived = record.codeChallengeMethod === 'S256' ? s256(verifier) : verifier;
    if (!PKCE_VALUE.test(verifier) || derived !== record.codeChallenge) throw new TokenError(400, 'invalid_grant', 'PKCE verification failed');
  } else if (verifier) {
    throw new TokenError(400, 'invalid_grant', 'code_verifier sent but the authorization request had no code_challenge');
  }
  if (!state.users.has(record.username)) throw new TokenError(400, 'invalid_grant', 'The user no longer exists');
  const chain = startChain(state, { clientId: client.clientId, username: record.username, scopes: record.scopes, grantType: 'authorization_code', startedAt: record.authTime });
  record.chainId = chain.id;
  return issueTokens(state, chain, issuer, { isRefresh: false });
}

function refreshTokenGrant(state: SandboxState, client: SandboxClient, form: URLSearchParams, issuer: string): TokenResponse {
  const token = form.get('refresh_token');
  if (!token) throw new TokenError(400, 'invalid_request', 'refresh_token is required');
  const record = state.refreshTokens.get(token);
  const chain = record ? state.chains.get(record.chainId) : undefined;
  if (!record || !chain || chain.clientId !== client.clientId) throw new TokenError(400, 'invalid_grant', 'Unknown refresh token');
  if (chain.revokedAt !== undefined) throw new TokenError(400, 'invalid_grant', 'Refresh token revoked');
  if (record.usedAt !== undefined) {
    if (state.config.reuseRevokesChain) revokeChain(state, chain.id, 'refresh token reused');
    throw new TokenError(400, 'invalid_grant', 'Refresh token already used');
  }
  if (state.clock.now() >= refreshTokenExpiry(state, chain, record)) {
    throw new TokenError(400, 'invalid_grant', 'Refresh token expired; the user must authenticate again');
  }
  if (!state.users.has(chain.username)) throw new TokenError(400, 'invalid_grant', 'The user no longer exists');
  const requested = form.get('scope');
  if (requested !== null && parseScopes(requested).some((s) => !chain.scopes.includes(s))) {
    throw new TokenError(400, 'invalid_scope', 'Scope exceeds the original grant');
  }
  record.usedAt = state.clock.now();
  chain.rotations++;
  return issueTokens(state, chain, issuer, { isRefresh: true });
}

function passwordGrant(state: SandboxState, client: SandboxClient, form: URLSearchParams, issuer: string): TokenResponse {
  const username = form.get('username');
  const password = form.get('password');
  if (!username || password === null) throw new TokenError(400, 'invalid_request', 'username and password are required');
  const user = state.users.get(username);
  if (!user || user.password !== password) throw new TokenError(400, 'invalid_grant', 'Wrong username or password');
  const scopes = parseScopes(form.get('scope') ?? undefined);
  if (scopes.some((s) => !client.allowedScopes.includes(s))) throw new TokenError(400, 'invalid_scope', 'Requested scope is not allowed for this client');
  const chain = startChain(state, { clientId: client.clientId, username, scopes, grantType: 'password', startedAt: state.clock.now() });
  return issueTokens(state, chain, issuer, { isRefresh: false });
}

/** RFC 7009: tokens of other clients and unknown tokens are silently ignored. */
function revokeToken(state: SandboxState, client: SandboxClient, token: string): void {
  const refresh = state.refreshTokens.get(token);
  if (refresh) {
    const chain = state.chains.get(refresh.chainId);
    if (chain?.clientId === client.clientId) revokeChain(state, chain.id, 'revoked by client');
    return;
  }
  const access = state.accessTokens.get(token);
  if (access?.clientId === client.clientId && access.revokedAt === undefined) access.revokedAt = state.clock.now();
}
