/*
 * Splitting a line over several codings. Every part carries an amount, and the amounts add
 * up to the line's net amount exactly (decimal strings, never floats). By amount, the parts
 * must add up as given. By percentage, the percentages must add up to 100; each part is
 * rounded half away from zero to the line's precision (at least cents) and the last part
 * takes the remainder, so the total is still exact.
 */
import { add, compare, div, isDecimal, mul, round, sub, sum, toScaled } from '../einvoice/decimal';
import { formatForInput as typed, formatMoney, formatNumber as n } from '../format/numbers';

const money = (amount: string) => formatMoney(amount, null);

export type SplitMode = 'amount' | 'percent';
export type SplitPartInput = { value: string; glAccount: string; costCentre: string; taxCode: string };
export type SplitPart = { amount: string; percent: string | null; glAccount: string; costCentre: string; taxCode: string };
export type SplitResult = { ok: true; parts: SplitPart[] } | { ok: false; errors: Record<string, string> };

const isBlank = (p: SplitPartInput) => !p.value.trim() && !p.glAccount.trim() && !p.costCentre.trim() && !p.taxCode.trim();

export function splitLine(netAmount: string, mode: SplitMode, inputs: SplitPartInput[]): SplitResult {
  const errors: Record<string, string> = {};
  const parts = inputs.map((p, i) => ({ ...p, index: i })).filter((p) => !isBlank(p));
  if (parts.length < 1) return { ok: false, errors: { form: 'Enter at least one part.' } };
  for (const p of parts) {
    const value = p.value.trim();
    if (!isDecimal(value)) errors[`value.${p.index}`] = mode === 'percent' ? `Enter a percentage, such as 25 or ${typed('33.5')}.` : `Enter an amount, such as ${typed('120.50')}.`;
    else if (mode === 'percent' && compare(value, '0') <= 0) errors[`value.${p.index}`] = 'A percentage must be more than 0.';
    else if (mode === 'amount' && compare(value, '0') === 0) errors[`value.${p.index}`] = 'An amount of 0 codes nothing; leave the row empty instead.';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const values = parts.map((p) => p.value.trim());
  const total = sum(values);
  if (mode === 'percent' && compare(total, '100') !== 0) {
    return { ok: false, errors: { form: `The percentages add up to ${n(total)} %, not 100 %.` } };
  }
  if (mode === 'amount' && compare(total, netAmount) !== 0) {
    const gap = sub(netAmount, total);
    return { ok: false, errors: { form: `The amounts add up to ${money(total)}, not the line's ${money(netAmount)} (${compare(gap, '0') > 0 ? money(gap) + ' missing' : money(sub(total, netAmount)) + ' too much'}).` } };
  }
  const codes = (p: SplitPartInput) => ({ glAccount: p.glAccount.trim(), costCentre: p.costCentre.trim(), taxCode: p.taxCode.trim() });
  if (mode === 'amount') return { ok: true, parts: parts.map((p) => ({ amount: p.value.trim(), percent: null, ...codes(p) })) };
  const amounts = amountsForPercents(netAmount, values);
  return { ok: true, parts: parts.map((p, i) => ({ amount: amounts[i]!, percent: values[i]!, ...codes(p) })) };
}

/** The amounts of percentages (adding up to 100) of a net amount: rounded to its precision, the last takes the remainder. */
export function amountsForPercents(netAmount: string, percents: string[]): string[] {
  const places = Math.max(2, toScaled(netAmount).scale);
  const amounts = percents.slice(0, -1).map((pct) => round(div(mul(netAmount, pct), '100', places + 2), places));
  amounts.push(sub(netAmount, amounts.reduce((a, b) => add(a, b), '0')));
  return amounts;
}

/** Each amount's share of their total in percent (4 places; the last takes the remainder so they add up to 100). */
export function percentsOfAmounts(amounts: string[]): string[] {
  const total = sum(amounts);
  if (compare(total, '0') === 0) return amounts.map((_, i) => (i === 0 ? '100' : '0'));
  const shares = amounts.slice(0, -1).map((a) => round(div(mul(a, '100'), total, 8), 4));
  shares.push(sub('100', shares.reduce((a, b) => add(a, b), '0')));
  return shares;
}
