/**
 * The fast path of decimal.ts: decimals of at most 15 digits as a safe-integer Number scaled by a power of ten.
 * Every integer below 2^53 is exact in a double, and so is every sum, product or exact quotient of two of them
 * that is itself below 2^53; each step checks that with Number.isSafeInteger (which a rounded result beyond
 * 2^53 always fails), and returns null when it cannot promise the exact answer, so the caller takes the BigInt path.
 */

export interface Small {
  units: number; // value × 10^scale, a safe integer
  scale: number;
}

/** Integer digits plus decimals we accept: 10^15 − 1 < 2^53, so any such digit string is exact. */
const MAX_DIGITS = 15;
/** 10^0 … 10^22, every one exact in a double. */
const POWERS = Array.from({ length: 23 }, (_, i) => 10 ** i);

const DIGIT_0 = 0x30, DOT = 0x2e, PLUS = 0x2b, MINUS = 0x2d;

/** null for anything but a decimal of at most 15 digits with no white space around it (the BigInt path judges the rest). */
export function parseSmall(s: string): Small | null {
  const n = s.length;
  let i = 0;
  let negative = false;
  const first = s.charCodeAt(0);
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i = 1;
  }
  let units = 0, digits = 0, scale = 0, dot = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT && !dot) {
      dot = true;
      continue;
    }
    const d = c - DIGIT_0;
    if (d < 0 || d > 9 || ++digits > MAX_DIGITS) return null;
    units = units * 10 + d;
    if (dot) scale++;
  }
  if (digits === 0) return null;
  return { units: negative ? -units : units, scale };
}

export function formatSmall(units: number, scale: number): string {
  const negative = units < 0;
  let digits = String(negative ? -units : units);
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** units × 10^by, or NaN when that is not a safe integer. */
function shift(units: number, by: number): number {
  if (by === 0) return units;
  const r = units * (POWERS[by] ?? NaN);
  return Number.isSafeInteger(r) ? r : NaN;
}

/** a + b, or null. */
export function addSmall(x: Small, y: Small): Small | null {
  const scale = Math.max(x.scale, y.scale);
  const units = shift(x.units, scale - x.scale) + shift(y.units, scale - y.scale);
  return Number.isSafeInteger(units) ? { units, scale } : null;
}

export function mulSmall(x: Small, y: Small): Small | null {
  const units = x.units * y.units;
  return Number.isSafeInteger(units) ? { units, scale: x.scale + y.scale } : null;
}

/** Sign of a − b, or null. */
export function compareSmall(x: Small, y: Small): -1 | 0 | 1 | null {
  const scale = Math.max(x.scale, y.scale);
  const a = shift(x.units, scale - x.scale), b = shift(y.units, scale - y.scale);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quotient truncated toward zero, as BigInt division does; exact because a − a % b is a multiple of b. */
function truncatedDivision(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** Round to `places` decimals, half away from zero, or null. */
export function roundSmall(x: Small, places: number): Small | null {
  if (!Number.isInteger(places) || places < 0) return null;
  if (x.scale <= places) {
    const units = shift(x.units, places - x.scale);
    return Number.isNaN(units) ? null : { units, scale: places };
  }
  const divisor = POWERS[x.scale - places]!;
  const magnitude = Math.abs(x.units);
  let q = truncatedDivision(magnitude, divisor);
  if ((magnitude % divisor) * 2 >= divisor) q += 1;
  return { units: x.units < 0 ? -q : q, scale: places };
}

/** a ÷ b to `places` decimals, half away from zero, or null (also for b = 0, so the BigInt path reports it). */
export function divSmall(x: Small, y: Small, places: number): Small | null {
  if (y.units === 0 || !Number.isInteger(places) || places < 0) return null;
  // As in decimal.ts: a quotient with places + 1 decimals, truncated, then rounded.
  const by = places + 1 + y.scale - x.scale;
  const numerator = by >= 0 ? shift(x.units, by) : truncatedDivision(x.units, POWERS[-by] ?? NaN);
  if (Number.isNaN(numerator)) return null;
  return roundSmall({ units: truncatedDivision(numerator, y.units), scale: places + 1 }, places);
}
