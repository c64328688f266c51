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

/** invalid_grant and friends: Pagero refused; the grant is gone. */
export class PageroGrantError extends Error {
  constructor(readonly code: string, description: string | null) {
    super(description ? `Pagero refused: ${code} (${description})` : `Pagero refused: ${code}`);
  }
}

/** Network failure, timeout, 429 or 5xx: worth trying again later. */
export class PageroUnavailableError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export function pageroOAuth(settings: PageroSettings, timeoutMs: number) {
  const client = new OAuth2Client(settings.clientId, settings.clientSecret, settings.redirectUri);
  const endpoint = (path: string) => `${settings.authUrl}/${path}`;

  return {
    start() {
      const state = generateState();
      const codeVerifier = generateCodeVerifier();
      const url = client.createAuthorizationURLWithPKCE(endpoint('oauth-authorize'), state, CodeChallengeMethod.S256, codeVerifier, settings.scopes);
      return { url, state, codeVerifier };
    },
    exchangeCode: (code: string, codeVerifier: string) =>
      call(timeoutMs, () => client.validateAuthorizationCode(endpoint('oauth-token'), code, codeVerifier)).then(toTokens),
    refresh: (refreshToken: string) => call(timeoutMs, () => client.refreshAccessToken(endpoint('oauth-token'), refreshToken, [])).then(toTokens),
    revoke: (token: string) => call(timeoutMs, () => client.revokeToken(endpoint('oauth-revoke'), token)),
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
    if (error instanceof OAuth2RequestError) throw new PageroGrantError(error.code, error.description);
    if (error instanceof ArcticFetchError) throw new PageroUnavailableError('Pagero could not be reached');
    if (error instanceof UnexpectedResponseError || error instanceof UnexpectedErrorResponseBodyError) {
      const status = error.status;
      if (status === 429 || status >= 500) throw new PageroUnavailableError(`Pagero answered ${status}`, status);
      throw new PageroGrantError(`http_${status}`, null);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
