import { timingSafeEqual } from 'node:crypto';
import type { SandboxState } from './state';
import type { SandboxClient } from './types';

export type ClientAuthResult = { ok: true; client: SandboxClient } | { ok: false; description: string };

interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined and base64-encoded. */
function decodeBasic(header: string): Credentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Client authentication by Basic header or by `client_id`/`client_secret` body parameters (Pagero documents both).
 * When both are present they must agree.
 */
export function authenticateClient(state: SandboxState, authorization: string | undefined, form: URLSearchParams): ClientAuthResult {
  const bodyId = form.get('client_id') ?? undefined;
  const bodySecret = form.get('client_secret') ?? undefined;
  let credentials: Credentials | undefined;
  if (authorization) {
    credentials = decodeBasic(authorization);
    if (!credentials) return { ok: false, description: 'Malformed Basic authorization header' };
    if (bodyId !== undefined && bodyId !== credentials.clientId) return { ok: false, description: 'client_id in the body disagrees with the Authorization header' };
    if (bodySecret !== undefined && bodySecret !== credentials.clientSecret) return { ok: false, description: 'client_secret in the body disagrees with the Authorization header' };
  } else if (bodyId !== undefined && bodySecret !== undefined) {
    credentials = { clientId: bodyId, clientSecret: bodySecret };
  } else {
    return { ok: false, description: 'Client authentication required (Basic header or client_id and client_secret)' };
  }
  const client = state.clients.get(credentials.clientId);
  if (!client || !sameSecret(client.clientSecret, credentials.clientSecret)) return { ok: false, description: 'Unknown client or wrong client secret' };
  return { ok: true, client };
}
