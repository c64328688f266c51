/*
 * /api/v1: the bearer-token JSON API for ERPs and procurement systems. No cookie session,
 * so it is mounted before CSRF and sessions. Its OpenAPI 3.1 document is generated from
 * the same valibot schemas that validate the requests, served unauthenticated at
 * /api/v1/openapi.json; every answer below it needs a token and its scope.
 */
import { Hono } from 'hono';
import { describeRoute, openAPIRouteHandler, resolver } from 'hono-openapi';
import * as v from 'valibot';
import type { Deps } from '../http/deps';
import { apiRoutes as purchaseOrderRoutes } from '../purchase-orders/api-routes';
import { GoodsReceiptSchema, PurchaseOrderSchema } from '../purchase-orders/schemas';
import { bearerAuth, requireScope } from './auth';
import { idempotency, IDEMPOTENCY_HEADER } from './idempotency';
import { invoiceApiRoutes } from './invoice-routes';
import { apiOnError, problem, ProblemSchema } from './problem';

export const API_VERSION = '1.0.0';

export function apiV1(deps: Deps) {
  const api = new Hono();
  api.onError(apiOnError);

  api.get(
    '/openapi.json',
    openAPIRouteHandler(api, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'apdesk API',
          version: API_VERSION,
          description:
            'Approved invoices leave apdesk for your ERP, and the ERP answers. Authenticate with a token from Settings → API tokens: `Authorization: Bearer apdesk_…`. ' +
            'A token acts for the whole organisation (every company) within its scopes: invoices:read, invoices:export, purchase-orders:write. ' +
            'Amounts are decimal strings. Errors are application/problem+json with a sentence in `detail`.',
        },
        servers: [{ url: `${deps.config.publicUrl}/api/v1` }],
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token: apdesk_<id>.<secret>' } } },
        tags: [
          { name: 'Invoices', description: 'Read invoices, their original files and attachments (invoices:read).' },
          { name: 'Export', description: 'Tell apdesk what the ERP did with an invoice (invoices:export).' },
          { name: 'Purchase orders', description: 'Send purchase orders and goods receipts for matching (purchase-orders:write).' },
        ],
      },
      exclude: ['/openapi.json'],
      defaultValidationErrorResponse: false,
    }),
  );

  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  api.use('*', bearerAuth(deps.sql));
  api.route('/', invoiceApiRoutes(deps.sql));

  const poProblems = {
    422: { description: 'The body was not accepted; `errors` names each field.', content: { 'application/problem+json': { schema: resolver(ProblemSchema) } } },
    401: { description: 'No valid token.', content: { 'application/problem+json': { schema: resolver(ProblemSchema) } } },
    403: { description: 'The token lacks purchase-orders:write.', content: { 'application/problem+json': { schema: resolver(ProblemSchema) } } },
  };
  const Stored = (numberKey: string) => v.object({ id: v.number(), [numberKey]: v.string(), created: v.boolean() });
  api.post(
    '/purchase-orders',
    describeRoute({
      tags: ['Purchase orders'],
      summary: 'Create or replace a purchase order',
      description: 'By company and PO number: a new one is 201, sending it again replaces its lines (200).',
      security: [{ bearer: ['purchase-orders:write'] }],
      parameters: [IDEMPOTENCY_HEADER],
      requestBody: { required: true, content: { 'application/json': { schema: resolver(PurchaseOrderSchema) } } },
      responses: {
        201: { description: 'Created.', content: { 'application/json': { schema: resolver(v.object({ ...Stored('poNumber').entries, lines: v.number() })) } } },
        200: { description: 'Replaced.', content: { 'application/json': { schema: resolver(v.object({ ...Stored('poNumber').entries, lines: v.number() })) } } },
        ...poProblems,
      },
    }),
    requireScope('purchase-orders:write'),
    idempotency(deps.sql),
  );
  api.post(
    '/goods-receipts',
    describeRoute({
      tags: ['Purchase orders'],
      summary: 'Record a goods receipt',
      description: 'Against the lines of a purchase order sent before.',
      security: [{ bearer: ['purchase-orders:write'] }],
      parameters: [IDEMPOTENCY_HEADER],
      requestBody: { required: true, content: { 'application/json': { schema: resolver(GoodsReceiptSchema) } } },
      responses: {
        201: { description: 'Created.', content: { 'application/json': { schema: resolver(Stored('receiptNumber')) } } },
        200: { description: 'Replaced.', content: { 'application/json': { schema: resolver(Stored('receiptNumber')) } } },
        ...poProblems,
      },
    }),
    requireScope('purchase-orders:write'),
    idempotency(deps.sql),
  );
  api.route('/', purchaseOrderRoutes(deps));

  api.all('*', (c) => problem(c, 404, `There is no API endpoint ${c.req.method} ${c.req.path}; see /api/v1/openapi.json.`));
  return api;
}
