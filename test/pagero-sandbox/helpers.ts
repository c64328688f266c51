import { createHash, randomBytes } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../src/pagero-sandbox/start';

export const CLIENT = { id: 'test-client', secret: 'test-secret', redirectUri: 'http://app.test/einvoicing/callback' };
export const OTHER_CLIENT = { id: 'other-client', secret: 'other-secret', redirectUri: 'http://other.test/cb' };

export const COMPANY_A = { id: '11111111-1111-4111-8111-111111111111', name: 'Alfa S.r.l.', vatNumber: 'IT01234567897' };
export const COMPANY_B = { id: '22222222-2222-4222-8222-222222222222', name: 'Beta GmbH', vatNumber: 'DE123456788' };

export interface TestSandbox extends RunningSandbox {
  sim(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** A sandbox on a random port with two test clients, two companies, and users `both` (A+B) and `alice` (A only). */
export async function startTestSandbox(options: StartSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = await startSandbox({
    port: 0,
    clients: [
      { clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [CLIENT.redirectUri], allowedScopes: ['all', 'openid'], name: 'Test AP app' },
      { clientId: OTHER_CLIENT.id, clientSecret: OTHER_CLIENT.secret, redirectUris: [OTHER_CLIENT.redirectUri], allowedScopes: ['all'], name: 'Other app' },
    ],
    ...options,
  });
  const sim = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
    fetch(`${sandbox.url}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const seeded = await sim('/companies', { companies: [COMPANY_A, COMPANY_B] });
  if (seeded.status !== 201) throw new Error(`seeding companies failed: ${await seeded.text()}`);
  await sim('/users', {
    users: [
      { username: 'both', password: 'both-pw', companies: [COMPANY_A.id, COMPANY_B.id] },
      { username: 'alice', password: 'alice-pw', companies: [COMPANY_A.id] },
    ],
  });
  return { ...sandbox, sim };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(base: string, params: Record<string, string | undefined>): string {
  const url = new URL(`${base}/oauth/v2/oauth-authorize`);
  const all = { response_type: 'code', client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scope: 'all', ...params };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

export function requestIdFrom(html: string): string {
  const match = /name="request_id" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no request_id on the login page');
  return match[1];
}

export async function submitLogin(base: string, requestId: string, fields: { username?: string; password?: string; action: 'continue' | 'cancel' }): Promise<Response> {
  return fetch(`${base}/oauth/v2/oauth-authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, username: fields.username ?? '', password: fields.password ?? '', action: fields.action }),
  });
}

/** Walks the login page like a browser and returns the redirect back to the client. */
export async function loginRedirect(base: string, user: { username: string; password: string }, params: Record<string, string | undefined> = {}): Promise<URL> {
  const page = await fetch(authorizeUrl(base, params));
  if (page.status !== 200) throw new Error(`authorize page ${page.status}: ${await page.text()}`);
  const response = await submitLogin(base, requestIdFrom(await page.text()), { ...user, action: 'continue' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location);
}

export type ClientAuth = 'basic' | 'body' | 'none';

export async function tokenRequest(base: string, params: Record<string, string>, auth: ClientAuth = 'basic', client = CLIENT): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(params);
  if (auth === 'basic') headers.authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
  if (auth === 'body') {
    body.set('client_id', client.id);
    body.set('client_secret', client.secret);
  }
  return fetch(`${base}/oauth/v2/oauth-token`, { method: 'POST', headers, body });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  scope: string;
  claims?: string;
  id_token?: string;
}

/** Full authorization-code + PKCE login; returns the token response. */
export async function loginTokens(base: string, user: { username: string; password: string }): Promise<Tokens> {
  const { verifier, challenge } = pkcePair();
  const redirect = await loginRedirect(base, user, { code_challenge: challenge, code_challenge_method: 'S256', state: 's' });
  const code = redirect.searchParams.get('code') ?? '';
  const response = await tokenRequest(base, { grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUri, code_verifier: verifier });
  if (response.status !== 200) throw new Error(`token exchange failed: ${await response.text()}`);
  return (await response.json()) as Tokens;
}

export async function passwordTokens(base: string, username: string, password: string): Promise<Tokens> {
  const response = await tokenRequest(base, { grant_type: 'password', username, password });
  if (response.status !== 200) throw new Error(`password grant failed: ${await response.text()}`);
  return (await response.json()) as Tokens;
}

export function api(base: string, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });
}

// --- a tiny XML tree (saxes) for checking generated documents ---

export interface XmlNode {
  name: string;
  local: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlNode = { name: '#document', local: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const name = tag.name;
    const node: XmlNode = { name, local: name.includes(':') ? name.slice(name.indexOf(':') + 1) : name, attributes: tag.attributes as Record<string, string>, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  const element = root.children[0];
  if (!element) throw new Error('empty document');
  return element;
}

/** Children by local name along a path, e.g. `path(invoice, 'LegalMonetaryTotal', 'PayableAmount')`. */
export function all(node: XmlNode, ...names: string[]): XmlNode[] {
  let current = [node];
  for (const name of names) current = current.flatMap((n) => n.children.filter((child) => child.local === name));
  return current;
}

export function one(node: XmlNode, ...names: string[]): XmlNode {
  const found = all(node, ...names);
  if (found.length !== 1) throw new Error(`expected one ${names.join('/')} in ${node.name}, found ${found.length}`);
  return found[0]!;
}

export function maybe(node: XmlNode, ...names: string[]): XmlNode | undefined {
  return all(node, ...names)[0];
}

/** "1656.25" → 165625 (two decimals at most). */
export function cents(text: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new Error(`not an amount with at most two decimals: ${text}`);
  const value = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -value : value;
}

/** "2.5" → 250 hundredths. */
export function hundredths(text: string): number {
  return cents(text);
}

export function roundHalfUp(numerator: number, divisor: number): number {
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(numerator) + Math.floor(divisor / 2)) / divisor);
}
