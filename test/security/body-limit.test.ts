/*
 * Issue 13 item 1: an anonymous POST with a huge body is refused with 413 before anything reads
 * it, and the server's memory stays flat (measured on the server process's RSS).
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startAppProcess, type AppProcess } from './app-process';

const MB = 1024 * 1024;

type Answer = { status: number; body: string; sentBytes: number };

/**
 * POSTs up to `total` bytes of form body, chunk by chunk with back-pressure, and stops sending
 * as soon as the server answers. `declareLength` sends Content-Length, else the body is chunked.
 */
function postLargeBody(url: string, path: string, opts: { total: number; declareLength: boolean; headers?: Record<string, string>; sendAtMost?: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers };
    if (opts.declareLength) headers['content-length'] = String(opts.total);
    const req = request(new URL(path, url), { method: 'POST', headers, agent: false });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body, sentBytes });
      });
    });
    // the server may close the connection while we are still sending: that is the point
    req.on('error', (error) => (answered ? undefined : reject(new Error(`${path}: ${error.message} after ${sentBytes} bytes`))));
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const limit = Math.min(opts.total, opts.sendAtMost ?? opts.total);
    // one chunk per turn of the event loop, so the answer is read as soon as it comes
    const pump = async () => {
      while (!answered && sentBytes < limit) {
        const piece = chunk.subarray(0, Math.min(chunk.length, limit - sentBytes));
        sentBytes += piece.length;
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
        await new Promise(setImmediate);
      }
      if (!answered && sentBytes >= opts.total) req.end();
    };
    const prefix = Buffer.from('email=x%40example.test&password=');
    sentBytes = prefix.length;
    req.write(prefix);
    void pump();
  });
}

describe('request bodies are capped before anything reads them (issue 13 item 1)', () => {
  let db: TestDatabase;
  let app: AppProcess;
  let cookie = '';

  before(async () => {
    db = await createTestDatabase();
    app = await startAppProcess(db.url);
    const page = await fetch(`${app.url}/login`);
    cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    assert.match(cookie, /apdesk_csrf=/);
  });
  after(async () => {
    await app?.stop();
    await db?.close();
  });

  it('answers a 64 MB declared sign-in body with 413 before the body is sent', { timeout: 30_000 }, async () => {
    // only 64 kB of the declared 64 MB is ever sent: a server that waited for the body would never answer
    const answer = await postLargeBody(app.url, '/login', { total: 64 * MB, declareLength: true, sendAtMost: 64 * 1024, headers: { cookie } });
    assert.equal(answer.status, 413);
    assert.match(answer.body, /larger than 1 MB/);
  });

  it('keeps the server process flat while anonymous clients stream huge chunked bodies at /login', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${app.url}/login`).then((r) => r.text());
    const before = app.rssBytes();
    const answers: Answer[] = [];
    for (let i = 0; i < 3; i++) answers.push(await postLargeBody(app.url, '/login', { total: 64 * MB, declareLength: false, headers: { cookie } }));
    const grown = app.rssBytes() - before;
    assert.ok(grown < 24 * MB, `the server grew by ${Math.round(grown / MB)} MB`);
    for (const answer of answers) {
      assert.equal(answer.status, 413);
      assert.ok(answer.sentBytes < 64 * MB, 'the server answered before the whole body arrived');
    }
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  it('gives the JSON API 5 MB and CSV imports 8 MB, and ordinary forms 1 MB', async () => {
    const api = await postLargeBody(app.url, '/api/v1/purchase-orders', { total: 6 * MB, declareLength: true, sendAtMost: 64 * 1024, headers: { 'content-type': 'application/json' } });
    assert.equal(api.status, 413);
    assert.match(JSON.parse(api.body).detail, /larger than 5 MB/, 'a problem (application/problem+json)');
    // 3 MB is over the form cap but under the import cap: the import's own checks answer (here the CSRF check, 403)
    const form = await postLargeBody(app.url, '/users', { total: 3 * MB, declareLength: true, sendAtMost: 64 * 1024, headers: { cookie } });
    assert.equal(form.status, 413);
    const imported = await postLargeBody(app.url, '/purchase-orders/import', { total: 3 * MB, declareLength: true, headers: { cookie } });
    assert.equal(imported.status, 403);
  });
});
