/* The Pagero client's plain HTTP requests (src/pagero/http.ts) against a real local server. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { request } from '../../src/pagero/http';

describe('plain HTTP requests to Pagero', () => {
  const xml = Buffer.from(`<Invoice>${'x'.repeat(30_000)}</Invoice>`);
  let server: http.Server;
  let base = '';
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
        return res.end(zlib.gzipSync(xml));
      }
      if (req.url === '/echo') {
        let body = '';
        req.on('data', (c) => (body += c));
        return req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body, auth: req.headers.authorization })));
      }
      if (req.url === '/empty') return res.writeHead(204).end();
      if (req.url === '/small') return res.writeHead(200, { 'content-type': 'application/xml' }).end(xml.subarray(0, 2000));
      if (req.url === '/pieces') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.write(xml.subarray(0, 10_000));
        return setTimeout(() => res.end(xml.subarray(10_000)), 20);
      }
      if (req.url === '/half') {
        res.writeHead(200, { 'content-length': String(xml.length) });
        res.write(xml.subarray(0, 1000));
        return setTimeout(() => res.socket?.destroy(), 20);
      }
      if (req.url === '/stall') return res.writeHead(200, { 'content-length': '10' }).write('12345');
      res.writeHead(429, { 'retry-after': '3' }).end('slow down');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('decodes a gzip answer byte for byte and drops the encoding header', async () => {
    const res = await request(`${base}/gzip`, {}, 5000);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), null);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(xml));
  });

  it('hands a download over as read, in one piece or several, byte for byte', async () => {
    const small = await request(`${base}/small`, {}, 5000);
    assert.ok(Buffer.from(await small.bytes()).equals(xml.subarray(0, 2000)));
    const pieces = await request(`${base}/pieces`, {}, 5000);
    const bytes = await pieces.bytes();
    assert.equal(bytes.byteLength, xml.length);
    assert.ok(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(xml));
    assert.ok(Buffer.from(await (await request(`${base}/gzip`, {}, 5000)).bytes()).equals(xml));
    assert.equal((await (await request(`${base}/empty`, {}, 5000)).bytes()).byteLength, 0);
  });

  it('sends method, headers and body; keeps status and headers of refusals; no body for 204', async () => {
    const echo = await request(`${base}/echo`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '["a","ö"]' }, 5000);
    assert.deepEqual(await echo.json(), { method: 'POST', body: '["a","ö"]', auth: 'Bearer t' });
    const refused = await request(`${base}/other`, {}, 5000);
    assert.deepEqual([refused.status, refused.headers.get('retry-after'), await refused.text()], [429, '3', 'slow down']);
    const empty = await request(`${base}/empty`, {}, 5000);
    assert.deepEqual([empty.status, empty.body], [204, null]);
  });

  it('fails on an answer that breaks off, and with a TimeoutError on one that stalls', async () => {
    await assert.rejects(request(`${base}/half`, {}, 5000), /broke off|aborted|socket hang up/);
    await assert.rejects(request(`${base}/stall`, {}, 300), { name: 'TimeoutError' });
  });
});
