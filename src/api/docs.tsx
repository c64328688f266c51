/*
 * /api/docs: the API reference. With @scalar/api-reference installed, Scalar's page
 * (@scalar/hono-api-reference) loads the Scalar bundle from our own asset route, never from
 * its default CDN: apdesk runs without internet. Without the bundle, the same OpenAPI
 * document is laid out as a plain server-rendered page, so the docs always work offline.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context, Hono } from 'hono';
import { Hono as HonoApp } from 'hono';
import type { OpenAPIV3_1 } from 'openapi-types';

const SCRIPT_PATH = '/api/docs/scalar.js';

function scalarBundle(): Buffer | null {
  try {
    return readFileSync(createRequire(import.meta.url).resolve('@scalar/api-reference/dist/browser/standalone.js'));
  } catch {
    return null; // not installed: the plain page below
  }
}

export function apiDocs(api: Hono, opts: { bundle?: Buffer | null } = {}) {
  const bundle = opts.bundle === undefined ? scalarBundle() : opts.bundle;
  const docs = new HonoApp();
  const spec = async () => (await (await api.request('/openapi.json')).json()) as OpenAPIV3_1.Document;

  if (bundle) {
    docs.get('/scalar.js', (c) => c.body(new Uint8Array(bundle), 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));
    const page = Scalar({ url: '/api/v1/openapi.json', cdn: SCRIPT_PATH, pageTitle: 'apdesk API', hideClientButton: true, withDefaultFonts: false });
    docs.get('/', async (c, next) => {
      const res = (await page(c, next)) as Response;
      // Scalar starts from an inline script: allow exactly that one, by nonce.
      const nonce = randomBytes(16).toString('base64');
      const html = (await res.text()).replace('<script type="text/javascript">', `<script type="text/javascript" nonce="${nonce}">`);
      return c.html(html, 200, {
        'Content-Security-Policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'`,
      });
    });
  } else {
    docs.get('/', async (c) => plainReference(c, await spec()));
  }
  return docs;
}

type Operation = OpenAPIV3_1.OperationObject;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function plainReference(c: Context, doc: OpenAPIV3_1.Document) {
  const ops = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m]).map((m) => ({ path, method: m.toUpperCase(), op: item![m] as Operation })),
  );
  const tags = (doc.tags ?? []).map((t) => ({ ...t, ops: ops.filter((o) => o.op.tags?.includes(t.name)) }));
  return c.html(
    '<!doctype html>' +
      (
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>apdesk API reference</title>
            <link rel="stylesheet" href="/assets/app.css" />
          </head>
          <body>
            <main class="api-docs">
              <h1>{doc.info.title} <small class="muted">{doc.info.version}</small></h1>
              <p>{doc.info.description}</p>
              <p>
                OpenAPI 3.1 document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (load it into any OpenAPI tool). Server: <code>{doc.servers?.[0]?.url}</code>
              </p>
              <nav aria-label="Operations">
                <ul>{ops.map((o) => <li><a href={`#${anchor(o.method, o.path)}`}><code>{o.method} {o.path}</code></a> — {o.op.summary}</li>)}</ul>
              </nav>
              {tags.map((t) => (
                <section aria-label={t.name}>
                  <h2>{t.name}</h2>
                  <p class="muted">{t.description}</p>
                  {t.ops.map((o) => <OperationCard {...o} />)}
                </section>
              ))}
            </main>
          </body>
        </html>
      ).toString(),
  );
}

const anchor = (method: string, path: string) => `${method}-${path}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function OperationCard({ method, path, op }: { method: string; path: string; op: Operation }) {
  const params = (op.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
  const body = (op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content?.['application/json']?.schema as OpenAPIV3_1.SchemaObject | undefined;
  const scopes = (op.security ?? []).flatMap((s) => Object.values(s).flat());
  return (
    <article class="card" id={anchor(method, path)}>
      <h3><code>{method} {path}</code></h3>
      <p><strong>{op.summary}</strong>. {op.description}</p>
      {scopes.length > 0 && <p>Scope: {scopes.map((s) => <code>{s}</code>)}</p>}
      {params.length > 0 && (
        <table>
          <caption>Parameters</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Description</th></tr></thead>
          <tbody>{params.map((p) => <tr><td><code>{p.name}</code>{p.required ? ' (required)' : ''}</td><td>{p.in}</td><td>{p.description ?? (p.schema as OpenAPIV3_1.SchemaObject | undefined)?.description ?? ''}</td></tr>)}</tbody>
        </table>
      )}
      {body && (
        <details>
          <summary>Request body (JSON schema)</summary>
          <pre>{JSON.stringify(body, null, 2)}</pre>
        </details>
      )}
      <table>
        <caption>Responses</caption>
        <thead><tr><th scope="col">Status</th><th scope="col">Meaning</th></tr></thead>
        <tbody>{Object.entries(op.responses ?? {}).map(([status, r]) => <tr><td>{status}</td><td>{(r as OpenAPIV3_1.ResponseObject).description}</td></tr>)}</tbody>
      </table>
    </article>
  );
}
