/** Exact decimal arithmetic on strings (money is never a float). */

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

function rescale(a: Scaled, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

export function add(a: string, b: string): string {
  const x = toScaled(a), y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled({ units: rescale(x, scale) + rescale(y, scale), scale });
}

export function neg(a: string): string {
  const x = toScaled(a);
  return fromScaled({ units: -x.units, scale: x.scale });
}

export function sub(a: string, b: string): string {
  return add(a, neg(b));
}

export function mul(a: string, b: string): string {
  const x = toScaled(a), y = toScaled(b);
  return fromScaled({ units: x.units * y.units, scale: x.scale + y.scale });
}

export function compare(a: string, b: string): -1 | 0 | 1 {
  const x = toScaled(a), y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
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
  return values.reduce((acc, v) => add(acc, v), '0');
}

/** `a` and `b` differ by more than `tolerance` (all decimal strings). */
export function differs(a: string, b: string, tolerance = '0'): boolean {
  return compare(abs(sub(a, b)), tolerance) > 0;
}

/** a ÷ b rounded to `places` decimals, half away from zero. */
export function div(a: string, b: string, places: number): string {
  const x = toScaled(a), y = toScaled(b);
  if (y.units === 0n) throw new RangeError('division by zero');
  // a/b = (xu/10^xs) / (yu/10^ys); scale the numerator so the quotient carries places+1 digits, then round.
  const shift = places + 1 + y.scale - x.scale;
  const num = shift >= 0 ? x.units * 10n ** BigInt(shift) : x.units / 10n ** BigInt(-shift);
  const q = num / y.units;
  return round(fromScaled({ units: q, scale: places + 1 }), places);
}
