/*
 * The OpenAPI document is valid OpenAPI 3.1 (swagger-parser), and every documented
 * operation answers as documented: its success status with a body matching the documented
 * schema, 401 without a token, 403 without the scope, 404 for an unknown id and 400/422 for a
 * malformed body where those are documented, each a problem matching the Problem schema.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import { createApiToken } from '../../src/purchase-orders/api-tokens';
import { useTestApp } from '../helpers/app';
import { makeUser } from '../helpers/factories';
import { makeCompany } from '../coding/factory';
import { insertInvoiceRows } from '../invoices/helpers';

type Op = { method: string; path: string; responses: Record<string, { content?: Record<string, { schema?: object }> }>; security?: Record<string, string[]>[] };

describe('OpenAPI document', () => {
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' });
  let doc: any;
  let all = '';
  let none = '';
  let companyKey = '';
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  before(async () => {
    const res = await fetch(`${t.app.url}/api/v1/openapi.json`);
    assert.equal(res.status, 200, 'served without a token');
    doc = await res.json();
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    all = (await createApiToken(t.db.sql, 'all', user.id, ['invoices:read', 'invoices:export', 'purchase-orders:write'])).token;
    none = (await createApiToken(t.db.sql, 'webhook-only', user.id, ['invoices:read'])).token;
    const companyId = await makeCompany(t.db.sql, 'Doc Co');
    companyKey = (await t.db.sql<{ key: string }[]>`select pagero_company_id as key from pagero_companies where id = ${companyId}`)[0]!.key;
  });

  const operations = (): Op[] =>
    Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.entries<any>(item).map(([method, op]) => ({ method: method.toUpperCase(), path, ...op })));

  it('is a valid OpenAPI 3.1 document listing every endpoint, served from the API itself', async () => {
    await SwaggerParser.validate(structuredClone(doc));
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.servers[0].url, `${t.app.config.publicUrl}/api/v1`);
    assert.deepEqual(operations().map((o) => `${o.method} ${o.path}`).sort(), [
      'GET /invoices', 'GET /invoices/{id}', 'GET /invoices/{id}/attachments/{attachmentId}', 'GET /invoices/{id}/original',
      'POST /goods-receipts', 'POST /invoices/{id}/export-result', 'POST /invoices/{id}/payment', 'POST /purchase-orders',
    ]);
    const listParams = operations().find((o) => o.path === '/invoices')!;
    assert.deepEqual((listParams as any).parameters.map((p: { name: string }) => p.name).sort(), ['company', 'cursor', 'limit', 'status', 'updatedSince']);
  });

  it('answers every documented operation as documented', async () => {
    const validate = (schema: object | undefined, body: unknown, what: string) => {
      if (!schema) return;
      const check = ajv.compile(schema);
      assert.ok(check(body), `${what}: ${ajv.errorsText(check.errors)}\n${JSON.stringify(body).slice(0, 400)}`);
    };
    const requestOf = async (op: Op, kind: 'ok' | 'unknown' | 'malformed') => {
      const [invoiceId] = await insertInvoiceRows(t.db.sql, [{ status: 'approved', companyId: null }]);
      const [att] = await t.db.sql<{ id: number }[]>`
        insert into invoice_attachments (invoice_id, position, filename, mime_type, size_bytes, sha256, content)
        values (${invoiceId!}, 0, 'a.pdf', 'application/pdf', 4, 'x', ${Buffer.from('%PDF')}) returning id::int`;
      const id = kind === 'unknown' ? 999_999_999 : invoiceId!;
      const path = op.path.replace('{id}', String(id)).replace('{attachmentId}', String(att!.id));
      const bodies: Record<string, unknown> = {
        '/invoices/{id}/export-result': { outcome: 'exported', erpDocumentId: `ERP-${invoiceId}` },
        '/invoices/{id}/payment': { amount: '100.00', date: '2026-12-01', reference: 'P-1' },
        '/purchase-orders': { company: companyKey, poNumber: `PO-${invoiceId}`, currency: 'EUR', lines: [{ lineNumber: '1', quantity: '2', unitPrice: '3.50' }] },
        '/goods-receipts': { company: companyKey, receiptNumber: `GR-${invoiceId}`, poNumber: 'PO-DOC', lines: [{ lineNumber: '1', quantity: '1' }] },
      };
      const body = op.method === 'POST' ? (kind === 'malformed' ? '{"broken": ' : JSON.stringify(bodies[op.path])) : undefined;
      return { path, body };
    };
    const call = (op: Op, path: string, body: string | undefined, token: string | null) =>
      fetch(`${t.app.url}/api/v1${path}`, {
        method: op.method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      });
    const checkProblem = async (op: Op, res: Response, what: string) => {
      assert.ok(op.responses[String(res.status)], `${what}: ${res.status} is not documented for ${op.method} ${op.path}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json', what);
      validate(op.responses[String(res.status)]!.content?.['application/problem+json']?.schema, await res.json(), what);
    };

    // the goods receipt needs its order first
    await fetch(`${t.app.url}/api/v1/purchase-orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${all}`, 'content-type': 'application/json' },
      body: JSON.stringify({ company: companyKey, poNumber: 'PO-DOC', lines: [{ lineNumber: '1', quantity: '2', unitPrice: '3.50' }] }),
    });
    let checked = 0;
    for (const op of operations()) {
      const name = `${op.method} ${op.path}`;
      // success
      {
        const { path, body } = await requestOf(op, 'ok');
        const res = await call(op, path, body, all);
        const documented = Object.keys(op.responses).filter((s) => s.startsWith('2'));
        assert.ok(documented.includes(String(res.status)), `${name}: ${res.status} not in ${documented} (${await res.clone().text()})`);
        const content = op.responses[String(res.status)]!.content ?? {};
        if (content['application/json']) {
          validate(content['application/json'].schema, await res.json(), name);
          checked++;
        }
        else assert.ok((await res.arrayBuffer()).byteLength > 0, `${name}: a file`);
      }
      // 401 and 403
      const { path, body } = await requestOf(op, 'ok');
      await checkProblem(op, await call(op, path, body, null), `${name} without a token`);
      const scope = op.security?.[0]?.bearer?.[0];
      if (scope !== 'invoices:read') await checkProblem(op, await call(op, path, body, none), `${name} without ${scope}`);
      // 404 for an unknown id
      if (op.path.includes('{id}')) {
        const unknown = await requestOf(op, 'unknown');
        const res = await call(op, unknown.path, unknown.body, all);
        assert.equal(res.status, 404, name);
        await checkProblem(op, res, `${name} unknown id`);
      }
      // a malformed body
      if (op.method === 'POST') {
        const malformed = await requestOf(op, 'malformed');
        const res = await call(op, malformed.path, malformed.body, all);
        assert.ok([400, 422].includes(res.status), `${name} malformed: ${res.status}`);
        await checkProblem(op, res, `${name} malformed body`);
      }
    }
    assert.equal(checked, 6, 'every JSON success answer was checked against its schema');
  });
});
