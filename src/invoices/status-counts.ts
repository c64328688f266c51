/*
 * How many invoices of each status the current view holds: visible to the user, with every
 * filter but the status one. Counting stops at COUNT_CAP per status ("1,000+"): an exact
 * count of a million rows costs a full scan per page view, and the tabs only need to say
 * how much work waits. Each status is one capped index scan on invoices_status_idx.
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { filterCondition, type Filters } from './filters';
import { statusesOf, type Status } from './statuses';
import { visibleInvoices } from './visibility';

export const COUNT_CAP = 1000;

export type StatusCount = { status: Status; count: number; capped: boolean };

export async function statusCounts(db: Db, user: CurrentUser, f: Filters): Promise<StatusCount[]> {
  const statuses = statusesOf(f.view) as Status[];
  const rows = await db<{ status: Status; n: number }[]>`
    select s.status, (
      select count(*)::int from (
        select 1 from invoices i
        where i.status = s.status and ${visibleInvoices(db, user)} and ${filterCondition(db, f, { withStatus: false })}
        limit ${COUNT_CAP + 1}) capped
    ) as n
    from unnest(${statuses as string[]}::text[]) with ordinality as s(status, ord)
    order by s.ord`;
  return rows.map((r) => ({ status: r.status, count: Math.min(r.n, COUNT_CAP), capped: r.n > COUNT_CAP }));
}
