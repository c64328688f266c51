/*
 * The navigation's Approvals count: how many invoices wait for the signed-in user, on every full page.
 * On a GET page of a user who does not see every invoice, the same call also gives which invoices
 * wait for her, kept on the request's user for the visibility test of every query that follows
 * (src/approvals/waiting.ts): one approval_waiting() per page instead of one per query. Only for
 * GET: a form post may change what waits before it renders.
 */
import type { MiddlewareHandler } from 'hono';
import { seesAllDocuments } from '../auth/roles';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { waitingCount } from './page-data';

export function approvalsCount(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    // Full pages only: a plain request, or htmx's boosted navigation (which swaps the whole body, navigation included).
    const fullPage = !c.req.header('hx-request') || c.req.header('hx-boosted') === 'true';
    if (user && fullPage && c.req.method === 'GET' && !seesAllDocuments(user)) {
      const waiting = await deps.sql<{ id: number }[]>`select w.invoice_id::int as id from approval_waiting(${user.id}) w`;
      c.set('approvalsWaiting', waiting.length);
      c.set('user', { ...user, waitingInvoiceIds: [...new Set(waiting.map((w) => w.id))] });
    } else if (user && fullPage) c.set('approvalsWaiting', await waitingCount(deps.sql, user.id));
    await next();
  };
}
