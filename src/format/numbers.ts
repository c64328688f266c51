/*
 * Amounts and dates as people read them (Intl, in the reader's locale and time zone), and
 * amounts typed the way people type them, read back into an exact decimal string. Amounts
 * stay strings end to end: Intl.NumberFormat formats a decimal string without going
 * through a float, so 26831.815 never becomes 26831.814999.
 */
import { currentReader } from './context';

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, currency: string | null) {
  const key = `${locale}|${currency ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = currency
      ? new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'symbol' })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 6 });
    numberFormats.set(key, format);
  }
  return format;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const isCurrency = (c: string | null | undefined): c is string => typeof c === 'string' && /^[A-Z]{3}$/.test(c);

/** A credit note's amounts count against the payable: shown (and summed) negative. */
export const signed = (amount: string, documentType: string | null | undefined) =>
  documentType === 'credit_note' && !amount.startsWith('-') && !/^0+(\.0+)?$/.test(amount) ? `-${amount}` : amount;

/** "1.234,50 €" for de-DE, "€1,234.50" for en-GB; the raw text if it is not a decimal. */
export function formatMoney(amount: string | null | undefined, currency: string | null | undefined, locale = currentReader().locale): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  if (!DECIMAL.test(amount)) return amount;
  try {
    // format() takes the decimal string as is (Intl.NumberFormat v3): exact, no float
    return numberFormat(locale, isCurrency(currency) ? currency : null).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

/**
 * A quantity, a unit price without currency or a rate ("1250.000" → "1,250" in en-GB, "1.250" in
 * de-DE, "1 250" in sv-SE): grouped, the supplier's decimals kept but trailing zeros dropped. A
 * raw "1250.000" would read as 1,250,000 to a German reader.
 */
export function formatNumber(value: string | null | undefined, locale = currentReader().locale): string {
  if (value === null || value === undefined || value === '') return '';
  if (!DECIMAL.test(value)) return value;
  const decimals = Math.min(20, (value.split('.')[1] ?? '').replace(/0+$/, '').length);
  return plainFormat(locale, false, decimals).format(value as unknown as number);
}

/** A decimal as the reader types it into a form field, without grouping ("1079020,5" in de-DE): parseAmount reads it back exactly. */
export function formatForInput(value: string | null | undefined, locale = currentReader().locale): string {
  if (value === null || value === undefined || value === '') return '';
  if (!DECIMAL.test(value)) return value;
  const decimals = Math.min(20, (value.split('.')[1] ?? '').length);
  return plainFormat(locale, true, decimals).format(value as unknown as number).replace('\u2212', '-');
}

const plainFormats = new Map<string, Intl.NumberFormat>();
function plainFormat(locale: string, forInput: boolean, decimals: number) {
  const key = `${locale}|${forInput}|${decimals}`;
  let format = plainFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: !forInput, minimumFractionDigits: forInput ? decimals : 0, maximumFractionDigits: decimals });
    plainFormats.set(key, format);
  }
  return format;
}

export const formatCount = (n: number, locale = currentReader().locale) => numberFormat(locale, null).format(n).replace(/[.,]0+$/, '');

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const NUMERIC_DATE = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
function dateFormat(locale: string, timeZone: string, withTime: boolean) {
  const key = `${locale}|${timeZone}|${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    // numeric dates (30/11/2026, 30.11.2026, 2026-11-30): what AP people read in tables, and short
    format = new Intl.DateTimeFormat(locale, withTime ? { ...NUMERIC_DATE, hour: '2-digit', minute: '2-digit', timeZoneName: 'short', timeZone } : { ...NUMERIC_DATE, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/** A calendar date (an invoice's issue or due date, YYYY-MM-DD): the same day everywhere, so no time zone shift. */
export function formatDate(isoDate: string | null | undefined, locale = currentReader().locale): string {
  if (!isoDate) return '—';
  const match = /^(\d{4})-(\d\d)-(\d\d)$/.exec(isoDate);
  if (!match) return isoDate;
  return dateFormat(locale, 'UTC', false).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** A moment (received, approved, sent) in the reader's time zone. */
export function formatDateTime(moment: Date | null | undefined, reader = currentReader()): string {
  if (!moment) return '—';
  return dateFormat(reader.locale, reader.timeZone, true).format(moment);
}

/** The calendar day of a moment where the reader is (a connection that ends on …): a date, no time. */
export function formatDay(moment: Date | null | undefined, reader = currentReader()): string {
  if (!moment) return '—';
  return dateFormat(reader.locale, reader.timeZone, false).format(moment);
}

// Intl formats are costly to make (~0.1–0.3 ms each) and cheap to use: one per time zone, kept
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date (YYYY-MM-DD) where the reader is: what "overdue" and "due this week" count from. */
export function todayOf(timeZone = currentReader().timeZone, now = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

/** Whole days from one YYYY-MM-DD to another. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const separators = new Map<string, { group: string; decimal: string }>();
function separatorsOf(locale: string) {
  let found = separators.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    found = { group: parts.find((p) => p.type === 'group')?.value ?? ',', decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.' };
    separators.set(locale, found);
  }
  return found;
}

/**
 * An amount typed in the reader's way ("1.250,50" in de-DE, "1 250,50" in sv-SE, "1,250.50"
 * in en-GB) as an exact decimal string ("1250.50"), or null when it does not read. Grouping
 * is optional but, when used, must be in threes, so "12,50" in en-GB is an error rather than
 * 1250. A plain "1250.50" is accepted in every locale (what the API and CSV use) unless
 * the reader's grouping reads it otherwise ("1.250" is 1250 in de-DE).
 */
export function parseAmount(text: string, locale = currentReader().locale): string | null {
  // a pasted amount may carry the typographic minus (sv-SE, fi-FI format with U+2212)
  const t = text.trim().replace(/^\+/, '').replace(/^\u2212/, '-');
  const { group, decimal } = separatorsOf(locale);
  // Swedish, French, … group with a (narrow) no-break space; people type a plain space or an apostrophe (de-CH)
  const groups = /\s/.test(group) ? '[\\s\\u00a0\\u202f]' : "'’".includes(group) ? "['’]" : escapeRe(group);
  const shape = new RegExp(`^(-?)(\\d{1,3}(?:${groups}\\d{3})+|\\d{1,15})(?:${escapeRe(decimal)}(\\d{1,6}))?$`);
  const m = shape.exec(t);
  // "1.250" is 1250 to a German reader, so the reader's way wins; "12.50" is then plain dot-decimal
  if (!m) return /^-?\d{1,15}(\.\d{1,6})?$/.test(t) ? t : null;
  const whole = m[2]!.replace(/\D/g, '');
  if (whole.length > 15) return null;
  return `${m[1]}${whole}${m[3] ? `.${m[3]}` : ''}`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The reader's decimal separator ("," in de-DE, "." in en-GB). */
export const decimalSeparator = (locale = currentReader().locale) => separatorsOf(locale).decimal;

const amountExamples = new Map<string, string>();
/** "1,250.50" / "1.250,50": the example amount in error messages, written the reader's way. */
export function amountExample(locale = currentReader().locale): string {
  let example = amountExamples.get(locale);
  if (example === undefined) {
    example = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 }).format(1250.5);
    amountExamples.set(locale, example);
  }
  return example;
}

const percentFormats = new Map<string, Intl.NumberFormat>();
/** A rate (0..1) as "73.4%" / "73,4 %": the touchless rate reads the same on every page. */
export function formatPercent(rate: number | null, locale = currentReader().locale): string {
  if (rate === null) return '—';
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    percentFormats.set(locale, format);
  }
  return format.format(rate);
}
