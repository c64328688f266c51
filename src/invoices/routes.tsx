import { Hono } from 'hono';
import { MyInvoicesPage } from '../../views/invoices/list';
import type { AppEnv } from '../http/context';

export function invoicesRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.render(<MyInvoicesPage flash={c.get('flash')} />, { title: 'My Invoices', active: 'invoices' }));
  return app;
}
