/*
 * My Invoices' filters, read from the URL (a GET form, so every view is a bookmark) and
 * turned into one SQL condition. Every value is a bind parameter; a value that does not
 * read is dropped and reported next to its field.
 */
import type { Db } from '../db/connection';
import { amountExample, parseAmount, todayOf } from '../format/numbers';
import { DEFAULT_SORT, isSortKey, SORTS, type SortKey } from './sorts';
import { SIGNED_TOTAL } from './total';
import { isStatus, statusesOf, type ListView, type Status } from './statuses';

export const FLAGS = { duplicate: 'Possible duplicate', warnings: 'Reader warnings', attachments: 'Has attachments', invalid: 'Fails validation', any: 'Any flag' } as const;
export type Flag = keyof typeof FLAGS;
export const SCANNED_BY = ['Pagero', 'Upload'] as const;
export const SEARCH_MIN = 3;
/** The urgency chips: due dates counted from the reader's today (open invoices only: the list's view). */
export const DUE = { overdue: 'Overdue', week: 'Due this week', next14: 'Next 14 days' } as const;
export type Due = keyof typeof DUE;

export type Filters = {
  view: ListView;
  status: Status | null;
  group: number | 'none' | null;
  company: number | null;
  supplier: string;
  currency: string;
  issuedFrom: string;
  issuedTo: string;
  due: Due | null;
  dueFrom: string;
  dueTo: string;
  amountMin: string;
  amountMax: string;
  scannedBy: (typeof SCANNED_BY)[number] | null;
  flagged: Flag | null;
  q: string;
  sort: SortKey;
  dir: 'asc' | 'desc';
  /** The reader's today (YYYY-MM-DD, their time zone) the due chips count from; not part of the URL. */
  today: string;
};

export type FilterErrors = Partial<Record<string, string>>;

const isDate = (v: string) => /^\d{4}-\d\d-\d\d$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const isId = (v: string) => /^\d{1,15}$/.test(v) && Number(v) > 0;

export function parseFilters(query: Record<string, string | undefined>, view: ListView): { filters: Filters; errors: FilterErrors } {
  const errors: FilterErrors = {};
  const get = (key: string) => (query[key] ?? '').trim().slice(0, 200);
  const pick = <T>(key: string, ok: (v: string) => boolean, read: (v: string) => T, message: string, fallback: T): T => {
    const value = get(key);
    if (value === '') return fallback;
    if (ok(value)) return read(value);
    errors[key] = message;
    return fallback;
  };
  const status = pick('status', (v) => isStatus(v) && statusesOf(view).includes(v), (v) => v as Status, 'Choose a status of this list.', null);
  const group = pick('group', (v) => v === 'none' || isId(v), (v) => (v === 'none' ? ('none' as const) : Number(v)), 'Choose a document group.', null);
  const company = pick('company', isId, Number, 'Choose a company.', null);
  const currency = pick('currency', (v) => /^[A-Za-z]{3}$/.test(v), (v) => v.toUpperCase(), 'A currency is three letters, such as EUR.', '');
  const issuedFrom = pick('issued_from', isDate, String, 'Enter a date as YYYY-MM-DD.', '');
  const issuedTo = pick('issued_to', isDate, String, 'Enter a date as YYYY-MM-DD.', '');
  const amountMessage = `Enter an amount such as ${amountExample()}.`;
  const amountMin = pick('amount_min', (v) => parseAmount(v) !== null, (v) => parseAmount(v)!, amountMessage, '');
  const amountMax = pick('amount_max', (v) => parseAmount(v) !== null, (v) => parseAmount(v)!, amountMessage, '');
  const due = pick('due', (v) => Object.hasOwn(DUE, v), (v) => v as Due, 'Choose Overdue, Due this week or Next 14 days.', null);
  const dueFrom = pick('due_from', isDate, String, 'Enter a date as YYYY-MM-DD.', '');
  const dueTo = pick('due_to', isDate, String, 'Enter a date as YYYY-MM-DD.', '');
  const scannedBy = pick('scanned_by', (v) => (SCANNED_BY as readonly string[]).includes(v), (v) => v as Filters['scannedBy'], 'Choose Pagero or Upload.', null);
  const flagged = pick('flagged', (v) => Object.hasOwn(FLAGS, v), (v) => v as Flag, 'Choose a flag.', null);
  const q = pick('q', (v) => v.length >= SEARCH_MIN, String, `Type at least ${SEARCH_MIN} characters to search.`, '');
  const supplier = pick('supplier', (v) => v.length >= SEARCH_MIN, String, `Type at least ${SEARCH_MIN} characters of the supplier's name.`, '');
  const sort = pick('sort', isSortKey, (v) => v as SortKey, 'Unknown sort.', DEFAULT_SORT);
  const dir = pick('dir', (v) => v === 'asc' || v === 'desc', (v) => v as 'asc' | 'desc', 'Unknown direction.', SORTS[sort].defaultDir);
  if (issuedFrom && issuedTo && issuedFrom > issuedTo) errors.issued_to = 'The end date is before the start date.';
  if (dueFrom && dueTo && dueFrom > dueTo) errors.due_to = 'The end date is before the start date.';
  const today = todayOf();
  return { filters: { view, status, group, company, supplier, currency, issuedFrom, issuedTo, due, dueFrom, dueTo, amountMin, amountMax, scannedBy, flagged, q, sort, dir, today }, errors };
}

/** The query string of a view (defaults left out), optionally with some values changed. */
export function filterQuery(f: Filters, change: Partial<Filters> = {}): string {
  const all = { ...f, ...change };
  const params = new URLSearchParams();
  const put = (key: string, value: string | number | null) => value !== null && value !== '' && params.set(key, String(value));
  put('q', all.q);
  put('status', all.status);
  put('group', all.group);
  put('company', all.company);
  put('supplier', all.supplier);
  put('currency', all.currency);
  put('issued_from', all.issuedFrom);
  put('issued_to', all.issuedTo);
  put('due', all.due);
  put('due_from', all.dueFrom);
  put('due_to', all.dueTo);
  put('amount_min', all.amountMin);
  put('amount_max', all.amountMax);
  put('scanned_by', all.scannedBy);
  put('flagged', all.flagged);
  if (all.sort !== DEFAULT_SORT || all.dir !== SORTS[DEFAULT_SORT].defaultDir) {
    put('sort', all.sort);
    put('dir', all.dir);
  }
  if (all.view === 'complete') put('list', 'complete');
  return params.toString();
}

export const isFiltered = (f: Filters) => filterQuery(f, { sort: DEFAULT_SORT, dir: SORTS[DEFAULT_SORT].defaultDir, view: 'open' }) !== '';

/** An example amount in the reader's way of writing it, for error messages. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export const TOTAL = (db: Db) => db`coalesce(i.tax_inclusive_amount, i.payable_amount, 0)`;

/** The list's condition on invoices `i`: its view's statuses and every filter (status left out on request, for the counts). */
export function filterCondition(db: Db, f: Filters, opts: { withStatus?: boolean } = {}) {
  const withStatus = opts.withStatus ?? true;
  const and = [
    withStatus && f.status ? db`i.status = ${f.status}` : db`i.status = any(${statusesOf(f.view) as string[]}::text[])`,
    groupCondition(db, f.group),
    f.company ? db`i.company_id = ${f.company}` : null,
    f.supplier ? db`i.seller_name ilike ${likePattern(f.supplier)}` : null,
    f.currency ? db`i.currency = ${f.currency}` : null,
    f.issuedFrom ? db`i.issue_date >= ${f.issuedFrom}::text::date` : null,
    f.issuedTo ? db`i.issue_date <= ${f.issuedTo}::text::date` : null,
    f.due ? dueCondition(db, f.due, f.today) : null,
    f.dueFrom ? db`i.due_date >= ${f.dueFrom}::text::date` : null,
    f.dueTo ? db`i.due_date <= ${f.dueTo}::text::date` : null,
    f.amountMin ? db`${SIGNED_TOTAL(db)} >= ${f.amountMin}::numeric` : null,
    f.amountMax ? db`${SIGNED_TOTAL(db)} <= ${f.amountMax}::numeric` : null,
    f.scannedBy ? db`i.inv_scanned_by = ${f.scannedBy}` : null,
    f.flagged ? flagCondition(db, f.flagged) : null,
    f.q ? searchCondition(db, f.q) : null,
  ].filter((x): x is NonNullable<typeof x> => x !== null);
  return and.reduce((acc, cond) => db`${acc} and ${cond}`, db`true`);
}

/**
 * Imports give every invoice its invoice_groups row, Unassigned ones included (group_id
 * null), so both cases are one index range; fg.status = i.status: see visibility.ts.
 */
function groupCondition(db: Db, group: Filters['group']) {
  if (group === null) return null;
  const which = group === 'none' ? db`fg.group_id is null` : db`fg.group_id = ${group}`;
  return db`exists (select 1 from invoice_groups fg where fg.invoice_id = i.id and fg.status = i.status and ${which})`;
}

/** Overdue: due before today. This week: today up to Sunday. Next 14 days: today and the 14 after. */
function dueCondition(db: Db, due: Due, today: string) {
  if (due === 'overdue') return db`i.due_date < ${today}::text::date`;
  if (due === 'week') return db`i.due_date between ${today}::text::date and date_trunc('week', ${today}::text::date)::date + 6`;
  return db`i.due_date between ${today}::text::date and ${today}::text::date + 14`;
}

/** A fatal EN 16931 finding (src/validation), allowed by an AP Admin or not. */
export const FAILS_VALIDATION = (db: Db) => db`exists (select 1 from invoice_validations fv where fv.invoice_id = i.id and fv.fatal_count > 0)`;

function flagCondition(db: Db, flag: Flag) {
  if (flag === 'duplicate') return db`i.duplicate_of is not null`;
  if (flag === 'warnings') return db`cardinality(i.warnings) > 0`;
  if (flag === 'attachments') return db`i.attachment_count > 0`;
  if (flag === 'invalid') return FAILS_VALIDATION(db);
  return db`(i.duplicate_of is not null or cardinality(i.warnings) > 0 or i.attachment_count > 0 or ${FAILS_VALIDATION(db)})`;
}

/** Substring match on number, supplier name and VAT id, plus similar supplier names (pg_trgm `%`); all on trigram indexes. */
function searchCondition(db: Db, q: string) {
  const pattern = likePattern(q);
  return db`(i.invoice_number ilike ${pattern} or i.seller_vat_id ilike ${pattern} or i.seller_name ilike ${pattern} or i.seller_name % ${q})`;
}
