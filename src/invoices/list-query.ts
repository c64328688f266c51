/*
 * One page of My Invoices (or Complete Invoices): visible to the user, filtered, sorted by a
 * whitelisted column and paged by keyset — (sort value, id) after or before a cursor, never
 * OFFSET — so a page costs the same however deep it is and rows arriving meanwhile never
 * shift a page (no gaps, no repeats).
 */
import type postgres from 'postgres';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { filterCondition, TOTAL, type Filters } from './filters';
import { clerkPageIds, servedByClerkList } from './clerk-list';
import { encodeCursor, SORTS, type Cursor } from './sorts';
import { visibleInvoices } from './visibility';

export const PAGE_SIZE = 50;

export type InvoiceListRow = {
  id: number;
  invoiceNumber: string;
  documentType: 'invoice' | 'credit_note';
  sellerName: string | null;
  sellerVatId: string | null;
  companyName: string | null;
  issueDate: string;
  dueDate: string | null;
  total: string | null;
  currency: string | null;
  status: string;
  statusReason: string | null;
  groupName: string | null;
  /** The earlier invoice this one may duplicate, only when the user may see it; possibleDuplicate says whether there is one at all. */
  duplicateOf: number | null;
  possibleDuplicate: boolean;
  warningCount: number;
  attachmentCount: number;
  invScannedBy: string;
  receivedAt: Date;
  /** EN 16931 validation (src/validation): fatal findings, or null when not checked yet. */
  validationFatal: number | null;
};

export type Position = { after: Cursor } | { before: Cursor } | null;

export type ListPage = { rows: InvoiceListRow[]; next: string | null; previous: string | null };

/**
 * The earlier invoice of a possible duplicate, named only to a user who may see it: its id (and
 * through it its number) belongs to a Document Group the user may not be in (issue 13 item 9).
 * Inside the lateral `i` is the earlier invoice, which is what visibleInvoices checks.
 */
export const VISIBLE_DUPLICATE_OF = (db: Db, user: CurrentUser) => db`(
  select o.id::int from invoices dup
  cross join lateral (select i.id from invoices i where i.id = dup.id and ${visibleInvoices(db, user)}) o
  where dup.id = i.duplicate_of)`;

/** The list's columns, for the page and the CSV export alike. The group name is a subquery: PostgreSQL runs it after the LIMIT, for the page's rows only. */
export const LIST_COLUMNS = (db: Db, user: CurrentUser) => db`
  i.id::int, i.invoice_number, i.document_type, i.seller_name, i.seller_vat_id, c.name as company_name,
  i.issue_date::text, i.due_date::text, ${TOTAL(db)}::text as total, i.currency, i.status, i.status_reason,
  (select g.name::text from invoice_groups ig join document_groups g on g.id = ig.group_id where ig.invoice_id = i.id) as group_name,
  ${VISIBLE_DUPLICATE_OF(db, user)} as duplicate_of, i.duplicate_of is not null as possible_duplicate, cardinality(i.warnings) as warning_count, i.attachment_count,
  i.inv_scanned_by, i.received_at,
  (select fv.fatal_count from invoice_validations fv where fv.invoice_id = i.id and fv.state <> 'pending') as validation_fatal`;

export const LIST_JOINS = (db: Db) => db`
  left join pagero_companies c on c.id = i.company_id`;

/** A search's matches: all of them (true: found here; ids: found by the status counts, each tested again here). */
export type Few = boolean | number[];

/**
 * Rows in list order after (or, reversed, before) a position; `limit` rows at most. `few`: the caller
 * knows (from the counts) that the view matches a few thousand invoices at most; they are then found
 * first, unordered (a search: through its trigram indexes), and only those sorted. PostgreSQL cannot
 * estimate a search from the trigram statistics and, left to itself, walks the sort's index testing
 * every invoice until a page matches (~40,000 rows, 80–500 ms at 50,000 invoices; bench/pages.ts).
 */
export function listRows(db: Db, user: CurrentUser, f: Filters, position: Position, limit: number, few: Few = false) {
  return rowsOf(db, db`${LIST_COLUMNS(db, user)}, ${SORTS[f.sort].text(db)} as sort_value from invoices i ${LIST_JOINS(db)}`, user, f, position, limit, few);
}

/**
 * Only the id and sort value, for the invoice page's previous and next: planned with the values on every
 * view (custom plans), the list's columns (the group, duplicate and validation subqueries) were half the
 * invoice page's PostgreSQL CPU (two plans of ~2.8 ms each for 0.2 ms of execution; bench/pages.ts).
 */
function listKeys(db: Db, user: CurrentUser, f: Filters, position: Position) {
  return rowsOf<{ id: number; sortValue: string }>(db, db`i.id::int, ${SORTS[f.sort].text(db)} as sort_value from invoices i`, user, f, position, 1, false);
}

function rowsOf<Row extends object = InvoiceListRow & { sortValue: string }>(db: Db, selected: postgres.PendingQuery<postgres.Row[]>, user: CurrentUser, f: Filters, position: Position, limit: number, few: Few) {
  const sort = SORTS[f.sort];
  const backward = position !== null && 'before' in position;
  const ascending = (f.dir === 'asc') !== backward;
  const cursor = position && ('after' in position ? position.after : position.before);
  const keyset = cursor
    ? ascending
      ? db`and (${sort.value(db)}, i.id) > (${sort.typed(db, cursor.value)}, ${cursor.id})`
      : db`and (${sort.value(db)}, i.id) < (${sort.typed(db, cursor.value)}, ${cursor.id})`
    : db``;
  const order = ascending ? db`${sort.value(db)} asc, i.id asc` : db`${sort.value(db)} desc, i.id desc`;
  // a clerk's received-order list: the page's ids from her own rows (clerk-list.ts), every condition still tested on them
  const among = servedByClerkList(user, f, few !== false) ? db`i.id = any(array(${clerkPageIds(db, user, f, cursor, ascending, limit)})) and` : db``;
  const matching = Array.isArray(few)
    ? db`i.id = any(${few}::bigint[]) and ${visibleInvoices(db, user)} and ${filterCondition(db, f)}`
    : few
      ? db`i.id = any(array(select i.id from invoices i where ${visibleInvoices(db, user)} and ${filterCondition(db, f)}))`
      : db`${visibleInvoices(db, user)} and ${filterCondition(db, f)}`;
  return db<Row[]>`
    select ${selected}
    where ${among} ${matching} ${keyset}
    order by ${order}
    limit ${limit}`;
}

export async function listPage(db: Db, user: CurrentUser, f: Filters, position: Position, few: Few = false): Promise<ListPage> {
  const fetched = await listRows(db, user, f, position, PAGE_SIZE + 1, few);
  const more = fetched.length > PAGE_SIZE;
  const backward = position !== null && 'before' in position;
  const page = fetched.slice(0, PAGE_SIZE);
  if (backward) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const cursorOf = (row: { sortValue: string; id: number }) => encodeCursor({ value: row.sortValue, id: row.id });
  return {
    rows: page.map(({ sortValue: _omit, ...row }) => row),
    next: last && (backward || more) ? cursorOf(last) : null,
    previous: first && position !== null && (!backward || more) ? cursorOf(first) : null,
  };
}

/** The invoices just before and after one invoice in the user's list, for the invoice page. */
export async function listNeighbours(db: Db, user: CurrentUser, f: Filters, invoiceId: number) {
  const sort = SORTS[f.sort];
  const [self]: [{ sortValue: string }?] = await db`
    select ${sort.text(db)} as sort_value from invoices i where i.id = ${invoiceId} and ${visibleInvoices(db, user)}`;
  if (!self) return { previous: null, next: null, backAfter: null };
  const cursor = { value: self.sortValue, id: invoiceId };
  const [[previous], [next]] = await Promise.all([listKeys(db, user, f, { before: cursor }), listKeys(db, user, f, { after: cursor })]);
  // "Back to the list" opens the page that starts at this invoice (the keyset after the one before it): the clerk's place
  const backAfter = previous ? encodeCursor({ value: previous.sortValue, id: previous.id }) : null;
  return { previous: previous?.id ?? null, next: next?.id ?? null, backAfter };
}
