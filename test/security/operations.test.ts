/*
 * Issue 13 items 11, 12, 15 (nosniff), 17 and 19: caching of signed-in pages, /metrics in
 * production, nosniff on every answer, graphile-worker's pool handlers, and no demo sandbox in
 * production unless asked for. The start-up cases run the real server as a child process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../src/db/embedded';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { PRODUCTION_ENV, spawnServer, startAppProcess, type AppProcess } from './app-process';

describe('signed-in pages are never cached, every answer is nosniff (issue 13 items 11 and 15)', () => {
  const t = useTestApp();

  it('sends Cache-Control: no-store on signed-in HTML and the sign-in page', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    const login = await browser.get('/login');
    assert.equal(login.headers.get('cache-control'), 'no-store');
    await browser.signIn(user.email, user.password);
    for (const path of ['/', '/invoices', '/profile', '/purchase-orders', '/no-such-page']) {
      const res = await browser.get(path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
    }
    assert.equal((await browser.get('/invoices/export.csv')).headers.get('cache-control'), 'private, no-store');
    assert.equal((await fetch(`${t.app.url}/assets/app.css`)).headers.get('cache-control'), 'public, max-age=3600');
  });

  it('sends X-Content-Type-Options: nosniff on assets, /healthz and /metrics', async () => {
    for (const path of ['/assets/app.css', '/assets/htmx.min.js', '/healthz', '/metrics', '/login']) {
      const res = await fetch(`${t.app.url}${path}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    }
  });
});

describe('/metrics in production (issue 13 item 12)', () => {
  const open = useTestApp({ NODE_ENV: 'production', PAGERO_SANDBOX: 'true' });
  const tokened = useTestApp({ NODE_ENV: 'production', PAGERO_SANDBOX: 'true', METRICS_TOKEN: 'metrics-secret-token' });

  it('refuses /metrics without METRICS_TOKEN, with a sentence saying what to set', async () => {
    const res = await fetch(`${open.app.url}/metrics`);
    assert.equal(res.status, 403);
    assert.match(await res.text(), /set METRICS_TOKEN, or METRICS_PORT/);
  });

  it('serves /metrics with METRICS_TOKEN only to the bearer of the token', async () => {
    assert.equal((await fetch(`${tokened.app.url}/metrics`)).status, 401);
    const res = await fetch(`${tokened.app.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret-token' } });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /http_requests_total/);
  });
});

describe('starting in production (issue 13 items 12, 17 and 19)', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db?.close());

  it('exits 2 with one line when PAGERO_CLIENT_ID and PAGERO_CLIENT_SECRET are missing', { timeout: 60_000 }, async (t) => {
    const env: Record<string, string> = { ...PRODUCTION_ENV, DATABASE_URL: db.url, PORT: String(await freePort()) };
    for (const name of ['PAGERO_AUTH_URL', 'PAGERO_API_URL', 'PAGERO_CLIENT_ID', 'PAGERO_CLIENT_SECRET']) delete env[name];
    const child = spawnServer(env);
    t.after(() => void (child.exitCode === null && child.kill('SIGKILL'))); // a server that started instead
    assert.equal(await child.exited, 2);
    assert.equal(
      child.output().trim(),
      'Invalid configuration: PAGERO_CLIENT_ID and PAGERO_CLIENT_SECRET are required when NODE_ENV=production (set PAGERO_SANDBOX=true to run the demo sandbox instead)',
    );
  });

  describe('with PAGERO_SANDBOX=true, a worker and METRICS_PORT', () => {
    let app: AppProcess;
    let metricsPort: number;
    before(async () => {
      metricsPort = await freePort();
      const env: Record<string, string> = { APDESK_ROLE: 'all', PAGERO_SANDBOX: 'true', SANDBOX_PORT: String(await freePort()), METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info' };
      app = await startAppProcess(db.url, env, { without: ['PAGERO_AUTH_URL', 'PAGERO_API_URL', 'PAGERO_CLIENT_ID', 'PAGERO_CLIENT_SECRET'] });
    });
    after(async () => app?.stop());

    it('starts the sandbox only because it was asked for', async () => {
      assert.match(app.output(), /Pagero sandbox/i);
    });

    it('gives graphile-worker its pool error handlers: no warning at start', async () => {
      for (let i = 0; i < 100 && !app.output().includes('worker started'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(app.output(), /worker started/);
      assert.doesNotMatch(app.output(), /doesn't have (all of the )?error handlers/);
    });

    it('serves metrics on METRICS_PORT only, not on the public port', async () => {
      assert.equal((await fetch(`${app.url}/metrics`)).status, 404);
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /http_requests_total/);
    });
  });
});
