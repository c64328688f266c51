import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createApiToken, revokeApiToken } from '../../src/purchase-orders/api-tokens';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeCompany } from '../coding/factory';

describe('purchase order API', () => {
  const t = useTestApp();
  let token: string;
  let companyKey: string;

  const call = (path: string, body: unknown, auth: string | null = `Bearer ${token}`) =>
    fetch(`${t.app.url}/api/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: JSON.stringify(body),
    });
  const po = (overrides: object = {}) => ({
    company: companyKey, poNumber: 'PO-API-1', supplier: { vatId: 'IT01234567890', name: 'Acme' }, currency: 'EUR', orderDate: '2026-03-01',
    lines: [{ lineNumber: '1', itemId: 'A-1', description: 'Paper', quantity: '10', unitPrice: '2.50', taxRate: '22' }], ...overrides,
  });

  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    token = (await createApiToken(t.db.sql, 'ERP', user.id)).token;
    const companyId = await makeCompany(t.db.sql);
    const [row] = await t.db.sql<{ key: string }[]>`select pagero_company_id as key from pagero_companies where id = ${companyId}`;
    companyKey = row!.key;
  });

  it('answers 401 without a token, with a wrong or a revoked one, and stores nothing', async () => {
    for (const auth of [null, 'Bearer nonsense', `Bearer ${token.slice(0, -1)}x`, `Basic ${token}`]) {
      const res = await call('purchase-orders', po(), auth);
      assert.equal(res.status, 401, String(auth));
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      assert.ok((await res.json()).detail);
    }
    const revoked = await createApiToken(t.db.sql, 'old', (await makeUser(t.db.sql)).id);
    await revokeApiToken(t.db.sql, revoked.id);
    assert.equal((await call('purchase-orders', po(), `Bearer ${revoked.token}`)).status, 401);
    assert.equal((await t.db.sql`select 1 from purchase_orders`).length, 0);
  });

  it('needs no CSRF token or cookie: a valid bearer token is enough', async () => {
    const res = await call('purchase-orders', po());
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.equal(body.created, true);
    const again = await call('purchase-orders', po({ lines: [{ lineNumber: '1', quantity: '12', unitPrice: '2.50' }] }));
    assert.equal(again.status, 200);
    const [line] = await t.db.sql<{ quantity: string }[]>`select quantity::text from purchase_order_lines`;
    assert.equal(line!.quantity, '12');
  });

  it('answers 422 with an error per field for a bad body, an unknown company or a missing PO line', async () => {
    const bad = await call('purchase-orders', po({ lines: [{ lineNumber: '1', quantity: 10, unitPrice: 'abc' }] }));
    assert.equal(bad.status, 422);
    const { errors } = await bad.json();
    assert.ok(errors['lines.0.quantity']);
    assert.ok(errors['lines.0.unitPrice']);
    assert.equal((await call('purchase-orders', po({ company: 'nobody' }))).status, 422);
    const receipt = { company: companyKey, receiptNumber: 'GR-1', poNumber: 'PO-API-1', lines: [{ lineNumber: '9', quantity: '1' }] };
    const missing = await call('goods-receipts', receipt);
    assert.equal(missing.status, 422);
    assert.ok((await missing.json()).errors['lines.0.lineNumber']);
    const notJson = await fetch(`${t.app.url}/api/v1/goods-receipts`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: 'x' });
    assert.equal(notJson.status, 422);
  });

  it('stores a goods receipt once, queues a rematch, and a retry changes nothing', async () => {
    const receipt = { company: companyKey, receiptNumber: 'GR-2', poNumber: 'PO-API-1', receivedOn: '2026-03-05', lines: [{ lineNumber: '1', quantity: '4' }] };
    assert.equal((await call('goods-receipts', receipt)).status, 201);
    assert.equal((await call('goods-receipts', receipt)).status, 200);
    const [sum] = await t.db.sql<{ q: string }[]>`select sum(quantity)::text as q from goods_receipt_lines`;
    assert.equal(sum!.q, '4');
    const jobs = await t.db.sql`select 1 from graphile_worker.jobs where task_identifier = 'purchase_orders__rematch'`;
    assert.ok(jobs.length >= 1);
  });

  it('lets only AP Admins see and create tokens, shown once and stored hashed', async () => {
    const clerk = new Browserless(t.app.url);
    const c = await makeUser(t.db.sql, { roles: ['ap_manager'] });
    await clerk.signIn(c.email, c.password);
    assert.equal((await clerk.get('/settings/api-tokens')).status, 403);
    const admin = new Browserless(t.app.url);
    const a = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    await admin.signIn(a.email, a.password);
    await admin.get('/settings/api-tokens');
    const noScope = await admin.post('/settings/api-tokens', { name: 'Procurement' });
    assert.equal(noScope.status, 422);
    assert.match(noScope.text, /Choose what the token may do/);
    const created = await admin.post('/settings/api-tokens', { name: 'Procurement', scopes: ['purchase-orders:write', 'invoices:read'] });
    const shown = /apdesk_\d+\.[\w-]{43}/.exec(created.text)?.[0];
    assert.ok(shown);
    assert.equal((await call('purchase-orders', po({ poNumber: 'PO-API-2' }), `Bearer ${shown}`)).status, 201);
    const [scoped] = await t.db.sql<{ scopes: string[] }[]>`select scopes from api_tokens where name = 'Procurement'`;
    assert.deepEqual(scoped!.scopes, ['purchase-orders:write', 'invoices:read']);
    const [row] = await t.db.sql<{ secretHash: Buffer }[]>`select secret_hash from api_tokens where name = 'Procurement'`;
    assert.ok(!row!.secretHash.toString('utf8').includes(shown.split('.')[1]!));
    assert.doesNotMatch((await admin.get('/settings/api-tokens')).text, new RegExp(shown.replace('.', '\\.')));
  });
});
