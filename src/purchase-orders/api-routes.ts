/*
 * The JSON API for other systems (ERP, procurement) to send purchase orders and goods
 * receipts, part of /api/v1 (src/api/app.ts checks the bearer token and the
 * purchase-orders:write scope first; no cookie, so no CSRF). Bodies are validated; errors are
 * problems (application/problem+json) with an `errors` map per field (413, 422).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { problem } from '../api/problem';
import { GoodsReceiptSchema, issuesByPath, PurchaseOrderSchema } from './schemas';
import { findCompanyByKey, storeGoodsReceipt, storePurchaseOrder } from './store';

const MAX_BODY = 5 * 1024 * 1024;

export function apiRoutes(deps: Deps) {
  const { sql } = deps;
  const app = new Hono<AppEnv>();
  app.use('*', bodyLimit({ maxSize: MAX_BODY, onError: (c) => problem(c, 413, 'The body is larger than 5 MB.') }));

  app.post('/purchase-orders', async (c) => {
    const body = await jsonBody(c);
    if (body === NOT_JSON) return invalid(c, { body: 'Send a JSON object with Content-Type: application/json.' });
    const parsed = v.safeParse(PurchaseOrderSchema, body);
    if (!parsed.success) return invalid(c, issuesByPath(parsed.issues));
    const companyId = await findCompanyByKey(sql, parsed.output.company);
    if (!companyId) return invalid(c, { company: `There is no company ${parsed.output.company} (use its Pagero company id or VAT number).` });
    const stored = await sql.begin((tx) => storePurchaseOrder(tx, companyId, parsed.output, 'api'));
    return c.json({ id: stored.id, poNumber: parsed.output.poNumber, created: stored.created, lines: parsed.output.lines.length }, stored.created ? 201 : 200);
  });

  app.post('/goods-receipts', async (c) => {
    const body = await jsonBody(c);
    if (body === NOT_JSON) return invalid(c, { body: 'Send a JSON object with Content-Type: application/json.' });
    const parsed = v.safeParse(GoodsReceiptSchema, body);
    if (!parsed.success) return invalid(c, issuesByPath(parsed.issues));
    const companyId = await findCompanyByKey(sql, parsed.output.company);
    if (!companyId) return invalid(c, { company: `There is no company ${parsed.output.company} (use its Pagero company id or VAT number).` });
    const stored = await sql.begin((tx) => storeGoodsReceipt(tx, companyId, parsed.output, 'api'));
    if (!stored.ok) return invalid(c, stored.errors);
    return c.json({ id: stored.value.id, receiptNumber: parsed.output.receiptNumber, created: stored.value.created }, stored.value.created ? 201 : 200);
  });

  return app;
}

async function jsonBody(c: Context): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) return NOT_JSON;
  try {
    return await c.req.json();
  } catch {
    return NOT_JSON;
  }
}
const NOT_JSON = Symbol('not json');

function invalid(c: Context, errors: Record<string, string>) {
  return problem(c, 422, 'The request was not accepted; see errors.', errors);
}
