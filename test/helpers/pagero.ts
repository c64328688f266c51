/*
 * apdesk wired to a Pagero sandbox over real HTTP, as in production: the app is configured
 * by base URLs and client credentials only, the sandbox knows the app's callback URL.
 */
import { after, before } from 'node:test';
import { freePort } from '../../src/db/embedded';
import type { Sql } from '../../src/db/connection';
import { startSandbox, type RunningSandbox } from '../../src/pagero-sandbox/start';
import { startTestApp, type TestApp } from './app';
import type { Browserless } from './client';
import { createTestDatabase, type TestDatabase } from './database';

export type PageroPair = { app: TestApp; sandbox: RunningSandbox; close(): Promise<void> };

export const CLIENT = { id: 'apdesk-test', secret: 'apdesk-test-secret' };

export type SandboxOptions = { seedDemo?: boolean; client?: typeof CLIENT };

export async function startWithSandbox(sql: Sql, env: Record<string, string> = {}, opts: SandboxOptions = {}): Promise<PageroPair> {
  const client = opts.client ?? CLIENT;
  const port = await freePort();
  const callback = `http://127.0.0.1:${port}/einvoicing/callback`;
  const sandbox = await startSandbox({
    seedDemo: opts.seedDemo ?? true,
    clients: [{ clientId: client.id, clientSecret: client.secret, redirectUris: [callback], allowedScopes: ['all', 'openid'], name: 'apdesk (test)' }],
  });
  const app = await startTestApp(
    sql,
    {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PAGERO_AUTH_URL: `${sandbox.url}/oauth/v2`,
      PAGERO_API_URL: sandbox.url,
      PAGERO_CLIENT_ID: client.id,
      PAGERO_CLIENT_SECRET: client.secret,
      PAGERO_TIMEOUT_MS: '3000',
      ...env,
    },
    port,
  );
  return {
    app,
    sandbox,
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}

export type SandboxContext = { db: TestDatabase; pair: PageroPair };

/** A fresh database and startWithSandbox() on it for the enclosing describe(): set in before(), closed app and sandbox first in after(). */
export function useSandboxPair(env: Record<string, string> = {}, opts: SandboxOptions = {}): SandboxContext {
  const ctx = {} as SandboxContext;
  before(async () => {
    ctx.db = await createTestDatabase();
    ctx.pair = await startWithSandbox(ctx.db.sql, env, opts);
  });
  after(async () => {
    await ctx.pair?.close();
    await ctx.db?.close();
  });
  return ctx;
}

/** The help article's steps: E-invoicing Login, Pagero's page, credentials, Continue, back in apdesk. */
export async function connectThroughPagero(browser: Browserless, username: string, password: string, action: 'continue' | 'cancel' = 'continue', callbackBrowser = browser) {
  const start = await browser.get('/einvoicing/login');
  if (start.status !== 302 || !start.location) throw new Error(`E-invoicing Login answered ${start.status}`);
  const authorizeUrl = new URL(start.location);
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  if (!requestId) throw new Error(`no Pagero login form at ${authorizeUrl}: ${html.slice(0, 300)}`);
  const answer = await fetch(new URL('/oauth/v2/oauth-authorize', authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, username, password, action }),
  });
  const callback = answer.headers.get('location');
  if (!callback) throw new Error(`Pagero did not redirect back (${answer.status})`);
  const back = new URL(callback);
  return { authorizeUrl, callbackUrl: back, response: await callbackBrowser.get(back.pathname + back.search) };
}
