/* The navigation's Approvals count: how many invoices wait for the signed-in user, on every full page. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { waitingCount } from './page-data';

export function approvalsCount(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get('user');
    // Full pages only: a plain request, or htmx's boosted navigation (which swaps the whole body, navigation included).
    const fullPage = !c.req.header('hx-request') || c.req.header('hx-boosted') === 'true';
    if (user && fullPage) c.set('approvalsWaiting', await waitingCount(deps.sql, user.id));
    await next();
  };
}
