import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSql } from '../../src/db/connection';
import { freePort } from '../../src/db/embedded';
import { startTestApp, useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';

describe('operations endpoints', () => {
  const t = useTestApp();

  it('/healthz answers 200 with the database state, without signing in', async () => {
    const res = await fetch(`${t.app.url}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; database: { state: string } };
    assert.equal(body.status, 'ok');
    assert.equal(body.database.state, 'up');
  });

  it('/healthz answers 503 when the database is down', async () => {
    const deadSql = createSql(`postgres://postgres@127.0.0.1:${await freePort()}/none`, 1);
    const down = await startTestApp(deadSql);
    try {
      const res = await fetch(`${down.url}/healthz`);
      assert.equal(res.status, 503);
      const body = (await res.json()) as { database: { state: string } };
      assert.equal(body.database.state, 'down');
    } finally {
      await down.close();
      await deadSql.end({ timeout: 1 });
    }
  });

  it('logs JSON lines carrying the request id it returns', async () => {
    const user = await makeUser(t.db.sql);
    const browser = new Browserless(t.app.url);
    await browser.signIn(user.email, user.password);
    const res = await browser.get('/invoices');
    const requestId = res.headers.get('x-request-id')!;
    assert.ok(requestId);
    const line = t.app.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === requestId && l.path === '/invoices');
    assert.ok(line, 'a log line carries the request id');
    assert.equal(line!.status, 200);
    assert.ok(t.app.logLines.every((l) => !l.includes(user.password)));
  });

  it('/metrics exposes requests by route and status, durations and job counts', async () => {
    await fetch(`${t.app.url}/login`);
    const text = await (await fetch(`${t.app.url}/metrics`)).text();
    assert.match(text, /apdesk_http_requests_total\{method="GET",route="\/login",status="200"\} \d+/);
    assert.match(text, /apdesk_http_request_duration_seconds_bucket\{le="0.05",method="GET",route="\/login",status="200"\}/);
    assert.match(text, /# TYPE apdesk_jobs_total counter/);
    assert.match(text, /# TYPE apdesk_jobs_queued gauge/);
  });

  it('/metrics asks for the bearer token when METRICS_TOKEN is set', async () => {
    const locked = await startTestApp(t.db.sql, { METRICS_TOKEN: 'scrape-me' });
    try {
      assert.equal((await fetch(`${locked.url}/metrics`)).status, 401);
      assert.equal((await fetch(`${locked.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } })).status, 200);
    } finally {
      await locked.close();
    }
  });

  it('serves htmx 2 from the app itself', async () => {
    const res = await fetch(`${t.app.url}/assets/htmx.min.js`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /version:"2\.0\./);
  });
});
