/** Exact decimal arithmetic on strings (money is never a float). */
import { addSmall, compareSmall, divSmall, formatSmall, mulSmall, parseSmall, roundSmall, type Small } from './small-decimal';

// Each operation first tries small-decimal.ts (Numbers, for the short amounts invoices are made of);
// when that cannot promise an exact answer it returns null and BigInt does the work.

export interface Scaled {
  units: bigint; // value × 10^scale
  scale: number;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function isDecimal(s: string): boolean {
  return DECIMAL.test(s);
}

export function toScaled(s: string): Scaled {
  const t = s.trim();
  if (!DECIMAL.test(t)) throw new RangeError(`not a decimal number: ${JSON.stringify(s)}`);
  const negative = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? '' : body.slice(dot + 1);
  const units = BigInt((intPart || '0') + fracPart);
  return { units: negative ? -units : units, scale: fracPart.length };
}

export function fromScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative && units !== 0n ? `-${digits}` : digits;
}

const format = (s: Small) => formatSmall(s.units, s.scale);

function rescale(a: Scaled, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

export function add(a: string, b: string): string {
  const x = parseSmall(a), y = parseSmall(b);
  const r = x && y && addSmall(x, y);
  if (r) return format(r);
  const bx = toScaled(a), by = toScaled(b);
  const scale = Math.max(bx.scale, by.scale);
  return fromScaled({ units: rescale(bx, scale) + rescale(by, scale), scale });
}

export function neg(a: string): string {
  const x = parseSmall(a);
  if (x) return formatSmall(-x.units, x.scale);
  const bx = toScaled(a);
  return fromScaled({ units: -bx.units, scale: bx.scale });
}

export function sub(a: string, b: string): string {
  return add(a, neg(b));
}

export function mul(a: string, b: string): string {
  const x = parseSmall(a), y = parseSmall(b);
  const r = x && y && mulSmall(x, y);
  if (r) return format(r);
  const bx = toScaled(a), by = toScaled(b);
  return fromScaled({ units: bx.units * by.units, scale: bx.scale + by.scale });
}

export function compare(a: string, b: string): -1 | 0 | 1 {
  const x = parseSmall(a), y = parseSmall(b);
  const r = x && y ? compareSmall(x, y) : null;
  if (r !== null) return r;
  const bx = toScaled(a), by = toScaled(b);
  const scale = Math.max(bx.scale, by.scale);
  const d = rescale(bx, scale) - rescale(by, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function equals(a: string, b: string): boolean {
  return compare(a, b) === 0;
}

export function abs(a: string): string {
  return compare(a, '0') < 0 ? neg(a) : a;
}

/** Round to `places` decimals, half away from zero (commercial rounding). */
export function round(a: string, places: number): string {
  const small = parseSmall(a);
  const r = small && roundSmall(small, places);
  if (r) return format(r);
  const x = toScaled(a);
  if (x.scale <= places) return fromScaled({ units: rescale(x, places), scale: places });
  const divisor = 10n ** BigInt(x.scale - places);
  const negative = x.units < 0n;
  const magnitude = negative ? -x.units : x.units;
  let q = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) q += 1n;
  return fromScaled({ units: negative ? -q : q, scale: places });
}

export function sum(values: readonly string[]): string {
  let total: Small | null = { units: 0, scale: 0 };
  for (let i = 0; i < values.length && total; i++) {
    const x = parseSmall(values[i]!);
    total = x && addSmall(total, x);
  }
  return total ? format(total) : values.reduce((acc, v) => add(acc, v), '0');
}

/** `a` and `b` differ by more than `tolerance` (all decimal strings). */
export function differs(a: string, b: string, tolerance = '0'): boolean {
  const x = parseSmall(a), y = parseSmall(b), t = parseSmall(tolerance);
  const d = x && y && t && addSmall(x, { units: -y.units, scale: y.scale });
  const r = d && compareSmall({ units: Math.abs(d.units), scale: d.scale }, t);
  if (r !== null) return r > 0;
  return compare(abs(sub(a, b)), tolerance) > 0;
}

/** a ÷ b rounded to `places` decimals, half away from zero. */
export function div(a: string, b: string, places: number): string {
  const small = parseSmall(a), divisor = parseSmall(b);
  const r = small && divisor && divSmall(small, divisor, places);
  if (r) return format(r);
  const x = toScaled(a), y = toScaled(b);
  if (y.units === 0n) throw new RangeError('division by zero');
  // a/b = (xu/10^xs) / (yu/10^ys); scale the numerator so the quotient carries places+1 digits, then round.
  const shift = places + 1 + y.scale - x.scale;
  const num = shift >= 0 ? x.units * 10n ** BigInt(shift) : x.units / 10n ** BigInt(-shift);
  const q = num / y.units;
  return round(fromScaled({ units: q, scale: places + 1 }), places);
}
