/* Everything under /invoices: the lists first (their fixed paths win over /:id), then one invoice. */
import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { invoiceRoutes } from './invoice-routes';
import { listRoutes } from './list-routes';
import { savedViewRoutes } from './saved-views';

export function invoicesRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.route('/', listRoutes(deps));
  app.route('/', savedViewRoutes(deps));
  app.route('/', invoiceRoutes(deps));
  return app;
}
