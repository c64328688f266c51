/*
 * A condition's value as stored, read for its field and operator: one value, a list, a
 * letter range (Starts with "A-I") or none. Amounts stay decimal strings (never floats).
 * Amounts are typed the reader's way ("1.234,56" or "1234,56" in de-DE, "1,234.56" in en-GB,
 * "1234.56" everywhere, as in every amount field of apdesk) and stored as plain decimals
 * ("1234.56"): a stored condition is compiled by workers and other users, whose locale is not
 * the author's, so it must read the same everywhere.
 */
import { amountExample, decimalSeparator, formatForInput, parseAmount } from '../format/numbers';
import { fieldDef, isFieldKey, VALUELESS, type FieldKey, type Operator } from './fields';

export type ParsedValue =
  | { kind: 'none' }
  | { kind: 'one'; value: string }
  | { kind: 'list'; values: string[] }
  | { kind: 'range'; from: string; to: string };

export type ValueReading = { ok: true; value: ParsedValue } | { ok: false; error: string };

const AMOUNT = /^[+-]?\d{1,18}(\.\d{1,10})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RANGE = /^([\p{L}\p{N}])\s*-\s*([\p{L}\p{N}])$/u;
const MAX_LIST = 200;

export function readValue(field: FieldKey, op: Operator, raw: string): ValueReading {
  const text = raw.trim();
  if (VALUELESS.has(op)) return { ok: true, value: { kind: 'none' } };
  if (text === '') return { ok: false, error: 'Enter a value.' };
  if (op === 'in_list') return readList(field, text);
  if (op === 'starts_with') {
    const range = RANGE.exec(text);
    if (!range) return { ok: true, value: { kind: 'one', value: text } };
    const [from, to] = [range[1]!, range[2]!];
    if (from.toLowerCase() > to.toLowerCase()) return { ok: false, error: `Write the range from the earlier character, as in ${to}-${from}.` };
    return { ok: true, value: { kind: 'range', from, to } };
  }
  const one = readOne(field, text);
  return one.ok ? { ok: true, value: { kind: 'one', value: one.value } } : one;
}

function readList(field: FieldKey, text: string): ValueReading {
  const items = text.split(/[,;\n]/).map((x) => x.trim()).filter(Boolean);
  if (items.length === 0) return { ok: false, error: 'Enter one or more values separated by commas.' };
  if (items.length > MAX_LIST) return { ok: false, error: `Enter at most ${MAX_LIST} values.` };
  const values: string[] = [];
  for (const item of items) {
    const one = readOne(field, item);
    if (!one.ok) return { ok: false, error: `“${item}”: ${one.error}` };
    values.push(one.value);
  }
  return { ok: true, value: { kind: 'list', values } };
}

function readOne(field: FieldKey, text: string): { ok: true; value: string } | { ok: false; error: string } {
  const def = fieldDef(field);
  if (def.type === 'amount') {
    const plain = text.replace(/^\+/, '');
    return AMOUNT.test(text) ? { ok: true, value: plain } : { ok: false, error: amountError() };
  }
  if (def.type === 'date') return isRealDate(text) ? { ok: true, value: text } : { ok: false, error: 'Enter a real date as YYYY-MM-DD.' };
  if (def.type === 'choice') {
    const key = Object.entries(def.choices ?? {}).find(([k, label]) => [k, label].some((x) => x.toLowerCase() === text.toLowerCase()))?.[0];
    return key ? { ok: true, value: key } : { ok: false, error: `Choose ${Object.values(def.choices ?? {}).join(' or ')}.` };
  }
  if (text.length > 200) return { ok: false, error: 'Use at most 200 characters.' };
  return { ok: true, value: text };
}

function isRealDate(text: string) {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2999 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const amountError = () => `Enter an amount such as ${amountExample()}.`;
const isAmount = (field: string) => isFieldKey(field) && fieldDef(field).type === 'amount';

/** The value as typed → as stored (amounts as plain decimals), or why it does not read; other values are kept as typed. */
export function storedValue(field: FieldKey, op: Operator, typed: string): { ok: true; value: string } | { ok: false; error: string } {
  let text = typed.trim();
  if (isAmount(field) && !VALUELESS.has(op) && text !== '') {
    const items = op === 'in_list' ? typedAmounts(text) : [text];
    const plain: string[] = [];
    for (const item of items) {
      // the reader's way first ("1.250" is 1250 in de-DE); then plain decimals longer than amount fields take
      const amount = parseAmount(item) ?? (AMOUNT.test(item) ? item.replace(/^\+/, '') : null);
      if (amount === null) return { ok: false, error: op === 'in_list' ? `“${item}”: ${amountError()}` : amountError() };
      plain.push(amount);
    }
    text = plain.join('; ');
  }
  const reading = readValue(field, op, text);
  return reading.ok ? { ok: true, value: text } : reading;
}

/**
 * Amounts in a list: separated by semicolons or new lines, and by commas too where the comma is
 * not the decimal separator and is not grouping thousands ("1,250.50, 99" in en-GB is two).
 */
function typedAmounts(text: string): string[] {
  const pieces = text.split(/[;\n]/);
  const split = decimalSeparator() === ',' ? pieces : pieces.flatMap((p) => p.split(/,(?!\d{3}(?!\d))/));
  return split.map((x) => x.trim()).filter(Boolean);
}

/** A stored value as the reader types it (the edit form): amounts the reader's way, without grouping. */
export function typedValue(field: string, op: string, stored: string): string {
  if (!isAmount(field) || stored === '') return stored;
  const items = op === 'in_list' ? stored.split(/[,;\n]/).map((x) => x.trim()).filter(Boolean) : [stored];
  return items.map((x) => formatForInput(x)).join('; ');
}
