/*
 * The sortable columns of My Invoices, a whitelist: the URL names a key, never SQL. Each
 * sort orders by (value, id), the keyset cursor is that pair, and each value expression has
 * an index on exactly (expression, id) in migrations/0006 and 0028 (keep the two identical). Values
 * are never null (coalesce), so row comparisons page through every row once.
 */
import type postgres from 'postgres';
import { hasControlCharacters } from '../security/control-characters';
import type { Db } from '../db/connection';
import { SIGNED_TOTAL } from './total';

type Fragment = postgres.PendingQuery<postgres.Row[]>;
export type SortDef = {
  label: string;
  /** The value ordered by. */
  value(db: Db): Fragment;
  /** The same value as exact text for the cursor. */
  text(db: Db): Fragment;
  /** A cursor's text turned back into the value's type (sent as text: postgres.js would round a timestamp to milliseconds). */
  typed(db: Db, text: string): Fragment;
  /** What a cursor value must look like before it reaches SQL. */
  shape: RegExp;
  defaultDir: 'asc' | 'desc';
};

const TEXT = /^[\s\S]{0,1000}$/;
const DATE = /^(\d{4}-\d\d-\d\d|infinity)$/;

export const SORTS = {
  received: {
    label: 'Received',
    value: (db) => db`i.received_at`,
    text: (db) => db`to_char(i.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    typed: (db, t) => db`${t}::text::timestamptz`,
    shape: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/,
    defaultDir: 'desc',
  },
  number: { label: 'Invoice number', value: (db) => db`i.invoice_number`, text: (db) => db`i.invoice_number`, typed: (db, t) => db`${t}::text`, shape: TEXT, defaultDir: 'asc' },
  supplier: {
    label: 'Supplier',
    value: (db) => db`coalesce(i.seller_name, '')`,
    text: (db) => db`coalesce(i.seller_name, '')`,
    typed: (db, t) => db`${t}::text`,
    shape: TEXT,
    defaultDir: 'asc',
  },
  issue_date: { label: 'Issue date', value: (db) => db`i.issue_date`, text: (db) => db`i.issue_date::text`, typed: (db, t) => db`${t}::text::date`, shape: DATE, defaultDir: 'desc' },
  due_date: {
    label: 'Due date',
    value: (db) => db`coalesce(i.due_date, 'infinity'::date)`,
    text: (db) => db`coalesce(i.due_date, 'infinity'::date)::text`,
    typed: (db, t) => db`${t}::text::date`,
    shape: DATE,
    defaultDir: 'asc',
  },
  total: {
    label: 'Total',
    // signed as the list shows it (a credit note negative): SIGNED_TOTAL in filters.ts, index in migrations/0028
    value: (db) => SIGNED_TOTAL(db),
    text: (db) => db`${SIGNED_TOTAL(db)}::text`,
    typed: (db, t) => db`${t}::text::numeric`,
    shape: /^-?\d{1,30}(\.\d{1,20})?$/,
    defaultDir: 'desc',
  },
  status: { label: 'Status', value: (db) => db`i.status`, text: (db) => db`i.status`, typed: (db, t) => db`${t}::text`, shape: /^[a-z_]{1,20}$/, defaultDir: 'asc' },
} satisfies Record<string, SortDef>;

export type SortKey = keyof typeof SORTS;
export const DEFAULT_SORT: SortKey = 'received';
export const isSortKey = (value: unknown): value is SortKey => typeof value === 'string' && Object.hasOwn(SORTS, value);

/** Keyset cursor: the last row's sort value (as text) and id, opaque in the URL. */
export type Cursor = { value: string; id: number };

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.value, c.id])).toString('base64url');

export function decodeCursor(raw: string, sort: SortKey): Cursor | 'invalid' {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return 'invalid';
    const [value, id] = parsed as unknown[];
    if (typeof value !== 'string' || !(SORTS[sort] as SortDef).shape.test(value) || hasControlCharacters(value)) return 'invalid';
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return 'invalid';
    return { value, id };
  } catch {
    return 'invalid';
  }
}
