/*
 * The ids of a clerk's next page of My Invoices in received order (the default sort, either way, any
 * status tab, no other filter), read from her own invoice_groups rows: for each of her groups and each
 * status of the view, the range of invoice_groups_newest_idx after the cursor, `limit` rows at most
 * (that match, for a search),
 * plus the invoices waiting for her approval outside her groups (visibility.ts); merged by time, the
 * first `limit` kept. Her page then reads just those invoices (list-query.ts), so it costs in
 * proportion to a page, not to all invoices: the general plan hashed her rows against a scan of every
 * invoice, since a real import leaves each company's invoices in one block of time and the walk of
 * invoices_newest_idx would pass all the other companies' first (migrations/0038).
 */
import { waitingInvoiceIds } from '../approvals/waiting';
import { seesAllDocuments } from '../auth/roles';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { filterCondition, isFiltered, type Filters } from './filters';
import { DEFAULT_SORT, type Cursor } from './sorts';
import { statusesOf } from './statuses';

/**
 * Whether clerkPageIds can serve this view: a clerk's received-order list, narrowed by status, or by a
 * text search that matches many (not `few`: the counts found more than their cap, so her rows in time
 * order meet a page of matches soon; a few matches are found through the trigram indexes instead).
 * Other filters keep the general plan, which may have an index for them.
 */
export const servedByClerkList = (user: CurrentUser, f: Filters, few: boolean) =>
  !seesAllDocuments(user) && f.sort === DEFAULT_SORT && !isFiltered({ ...f, status: null, q: '', supplier: '' }) && !(few && (f.q || f.supplier));

export function clerkPageIds(db: Db, user: CurrentUser, f: Filters, cursor: Cursor | null, ascending: boolean, limit: number) {
  const statuses = f.status ? [f.status] : (statusesOf(f.view) as string[]);
  const keyset = cursor
    ? ascending
      ? db`and (vg.received_at, vg.invoice_id) > (${cursor.value}::text::timestamptz, ${cursor.id})`
      : db`and (vg.received_at, vg.invoice_id) < (${cursor.value}::text::timestamptz, ${cursor.id})`
    : db``;
  // a search tests each of her rows' invoices in turn, until a page matches
  const matching = f.q || f.supplier ? db`join invoices i on i.id = vg.invoice_id and ${filterCondition(db, f)}` : db``;
  const order = (t: 'vg' | 'x') =>
    ascending ? db`${db(t)}.received_at asc, ${db(t)}.invoice_id asc` : db`${db(t)}.received_at desc, ${db(t)}.invoice_id desc`;
  return db`
    select x.invoice_id from (
      select r.invoice_id, r.received_at
      from document_group_members m
      cross join unnest(${statuses}::text[]) s(status)
      cross join lateral (
        select vg.invoice_id, vg.received_at from invoice_groups vg ${matching}
        where vg.group_id = m.group_id and vg.status = s.status ${keyset}
        order by ${order('vg')} limit ${limit}) r
      where m.user_id = ${user.id}
      union all
      select vg.invoice_id, vg.received_at from invoice_groups vg ${matching}
      where vg.invoice_id = any(${waitingInvoiceIds(db, user)}) and vg.status = any(${statuses}::text[]) ${keyset}
        and not exists (select 1 from document_group_members m where m.user_id = ${user.id} and m.group_id = vg.group_id)
    ) x
    order by ${order('x')} limit ${limit}`;
}
