/* /api/docs works offline: no script or style from another origin; Scalar's bundle, when installed, comes from our own route. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { apiDocs } from '../../src/api/docs';
import { useTestApp } from '../helpers/app';

const external = /(src|href)="(https?:)?\/\//;

describe('API reference page', () => {
  const t = useTestApp();

  it('is served without sign-in, lists every operation and loads nothing from another origin', async () => {
    const res = await fetch(`${t.app.url}/api/docs`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.doesNotMatch(html, external);
    assert.doesNotMatch(html, /cdn\.jsdelivr/);
    if (html.includes('/api/docs/scalar.js')) {
      const script = await fetch(`${t.app.url}/api/docs/scalar.js`);
      assert.equal(script.status, 200);
    } else {
      for (const op of ['GET /invoices', 'GET /invoices/{id}', 'POST /invoices/{id}/export-result', 'POST /invoices/{id}/payment', 'POST /purchase-orders']) {
        assert.ok(html.includes(`<code>${op}</code>`), op);
      }
      assert.match(html, /href="\/api\/v1\/openapi\.json"/);
    }
  });

  it('with the Scalar bundle installed, serves it from our own route and allows its one inline script by nonce', async () => {
    const api = new Hono();
    api.get('/openapi.json', (c) => c.json({ openapi: '3.1.0', info: { title: 'x', version: '1' }, paths: {} }));
    const docs = apiDocs(api, { bundle: Buffer.from('window.Scalar = { createApiReference() {} };') });
    const page = await docs.request('/');
    const html = await page.text();
    assert.match(html, /<script src="\/api\/docs\/scalar\.js"><\/script>/);
    assert.doesNotMatch(html, /cdn\.jsdelivr/);
    const nonce = /nonce="([^"]+)"/.exec(html)?.[1];
    assert.ok(nonce);
    assert.match(page.headers.get('content-security-policy') ?? '', new RegExp(`script-src 'self' 'nonce-${nonce.replace(/[+/=]/g, '\\$&')}'`));
    assert.equal((await docs.request('/scalar.js')).status, 200);
  });
});
