/*
 * The dashboard's numbers, each scoped like the page it links to: invoices through the
 * user's visibility, admin-only facts (coverage, quarantine) only for admins.
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from '../invoices/visibility';

export type DayCount = { day: string; count: number };

/** Invoices per day by the date the supplier issued them (not the minute apdesk synced them). */
export async function receivedPerDay(db: Db, user: CurrentUser, days = 30): Promise<DayCount[]> {
  return db<DayCount[]>`
    with days as (
      select generate_series(current_date - ${days - 1}::int, current_date, interval '1 day')::date as day
    )
    select to_char(d.day, 'YYYY-MM-DD') as day, count(i.id)::int as count
    from days d
    left join invoices i on i.issue_date = d.day and ${visibleInvoices(db, user)}
    group by d.day order by d.day`;
}

export const countsByStatus = (db: Db, user: CurrentUser) =>
  db<{ status: string; count: number }[]>`
    select i.status, count(*)::int as count from invoices i where ${visibleInvoices(db, user)} group by 1 order by 2 desc`;

export const countsByGroup = (db: Db, user: CurrentUser) =>
  db<{ groupId: number | null; name: string; count: number }[]>`
    select g.id::int as group_id, coalesce(g.name, 'Unassigned') as name, count(*)::int as count
    from invoices i left join invoice_groups ig on ig.invoice_id = i.id left join document_groups g on g.id = ig.group_id
    where ${visibleInvoices(db, user)}
    group by 1, 2 order by 3 desc`;

/** Connections ending within 30 days or needing renewal: everyone's for admins, one's own otherwise. */
export const expiringConnections = (db: Db, user: CurrentUser, everyone: boolean) =>
  db<{ userName: string; status: string; chainExpiresAt: Date }[]>`
    select u.first_name || ' ' || u.last_name as user_name, c.status, c.chain_expires_at
    from pagero_connections c join users u on u.id = c.user_id
    where c.status <> 'disconnected' and u.active
      and (c.status = 'needs_renewal' or c.chain_expires_at < now() + interval '30 days')
      and (${everyone} or c.user_id = ${user.id})
    order by c.chain_expires_at`;

export const quarantinedCount = async (db: Db) =>
  (await db<{ n: number }[]>`select count(*)::int as n from documents where status = 'quarantined'`)[0]!.n;
