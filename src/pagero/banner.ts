/* Tells a user whose Pagero connection ends within 30 days, or has ended, on every page. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';

export type PageroNotice = { kind: 'expiring' | 'expired' | 'needs_renewal'; until: Date; reason: string | null };

const NOTICE_DAYS = 30;

export function pageroNotice(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('pageroNotice', null);
    const user = c.get('user');
    if (user && c.req.method === 'GET' && !c.req.header('hx-request')) {
      const [row]: [{ status: string; chainExpiresAt: Date; needsRenewalReason: string | null }?] = await deps.sql`
        select status, chain_expires_at, needs_renewal_reason from pagero_connections
        where user_id = ${user.id} and status <> 'disconnected'
          and (status = 'needs_renewal' or chain_expires_at < now() + ${NOTICE_DAYS} * interval '1 day')`;
      if (row) {
        const kind = row.status === 'needs_renewal' ? 'needs_renewal' : row.chainExpiresAt <= new Date() ? 'expired' : 'expiring';
        c.set('pageroNotice', { kind, until: row.chainExpiresAt, reason: row.needsRenewalReason });
      }
    }
    await next();
  };
}
