/*
 * The only module that knows arctic (its author no longer develops it): authorization URL
 * with PKCE S256 and state, code exchange, refresh and revocation against the configured
 * Pagero endpoints, and arctic's errors mapped to our own small set.
 */
import {
  ArcticFetchError,
  CodeChallengeMethod,
  generateCodeVerifier,
  generateState,
  OAuth2Client,
  OAuth2RequestError,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
  type OAuth2Tokens,
} from 'arctic';
import type { PageroSettings } from '../config';

export type PageroTokens = { accessToken: string; refreshToken: string; accessExpiresAt: Date; scope: string | null };

/** invalid_grant: Pagero refused the code or refresh token; that grant is gone. */
export class PageroGrantError extends Error {
  constructor(readonly code: string, description: string | null) {
    super(description ? `Pagero refused: ${code} (${description})` : `Pagero refused: ${code}`);
  }
}

/**
 * Pagero refused apdesk's own request (invalid_client, invalid_request, an unexpected 4xx):
 * a configuration problem for the operator. The users' grants are untouched.
 */
export class PageroClientError extends Error {
  constructor(readonly code: string, description: string | null) {
    super(`Pagero refused apdesk's token request: ${code}${description ? ` (${description})` : ''}; check PAGERO_CLIENT_ID, PAGERO_CLIENT_SECRET and PAGERO_REDIRECT_URI`);
  }
}

/** Network failure, timeout, 429 or 5xx: worth trying again later. */
export class PageroUnavailableError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/**
 * RFC 6749 2.3.1 form-encodes the client id and secret before they go into the Basic header;
 * arctic does not, and servers that follow "curl --user" do not decode. Sent as they are, both
 * kinds read them alike unless they hold characters that decoding changes, so only those are encoded.
 */
const basicCredential = (value: string, reserved: RegExp) => (reserved.test(value) ? new URLSearchParams({ v: value }).toString().slice(2) : value);

/** A refresh whose answer is lost may already have rotated the token at Pagero: wait longer for it than for other calls. */
const TOKEN_TIMEOUT_FLOOR_MS = 30_000;

export function pageroOAuth(settings: PageroSettings, apiTimeoutMs: number) {
  const client = new OAuth2Client(settings.clientId, settings.clientSecret, settings.redirectUri);
  const tokenClient = new OAuth2Client(basicCredential(settings.clientId, /[+%:]/), basicCredential(settings.clientSecret, /[+%]/), settings.redirectUri);
  const timeoutMs = Math.max(apiTimeoutMs, TOKEN_TIMEOUT_FLOOR_MS);
  const endpoint = (path: string) => `${settings.authUrl}/${path}`;

  return {
    start() {
      const state = generateState();
      const codeVerifier = generateCodeVerifier();
      const url = client.createAuthorizationURLWithPKCE(endpoint('oauth-authorize'), state, CodeChallengeMethod.S256, codeVerifier, settings.scopes);
      return { url, state, codeVerifier };
    },
    exchangeCode: (code: string, codeVerifier: string) =>
      call(timeoutMs, () => tokenClient.validateAuthorizationCode(endpoint('oauth-token'), code, codeVerifier)).then(toTokens),
    refresh: (refreshToken: string) => call(timeoutMs, () => tokenClient.refreshAccessToken(endpoint('oauth-token'), refreshToken, [])).then(toTokens),
    revoke: (token: string) => call(timeoutMs, () => tokenClient.revokeToken(endpoint('oauth-revoke'), token)),
  };
}

export type PageroOAuth = ReturnType<typeof pageroOAuth>;

function toTokens(tokens: OAuth2Tokens): PageroTokens {
  const data = tokens.data as Record<string, unknown>;
  const expiresIn = typeof data.expires_in === 'number' ? data.expires_in : Number(data.expires_in ?? 600);
  if (typeof data.access_token !== 'string' || typeof data.refresh_token !== 'string') {
    throw new PageroUnavailableError('Pagero answered without an access token and a refresh token');
  }
  return {
    accessToken: data.access_token,
    refreshToken: data.refresh_token,
    accessExpiresAt: new Date(Date.now() + (Number.isFinite(expiresIn) ? expiresIn : 600) * 1000),
    scope: typeof data.scope === 'string' ? data.scope : null,
  };
}

async function call<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PageroUnavailableError(`Pagero did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (error) {
    // Only invalid_grant says the user's grant is gone; anything else must not cost them their connection.
    if (error instanceof OAuth2RequestError) {
      if (error.code === 'invalid_grant') throw new PageroGrantError(error.code, error.description);
      throw new PageroClientError(error.code, error.description);
    }
    if (error instanceof ArcticFetchError) throw new PageroUnavailableError('Pagero could not be reached');
    if (error instanceof UnexpectedResponseError || error instanceof UnexpectedErrorResponseBodyError) {
      const status = error.status;
      if (status === 408 || status === 429 || status >= 500) throw new PageroUnavailableError(`Pagero answered ${status}`, status);
      throw new PageroClientError(`http_${status}`, null);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
