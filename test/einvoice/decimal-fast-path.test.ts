/** decimal.ts answers short decimals with Numbers and the rest with BigInt: both must give the same strings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { abs, add, compare, differs, div, fromScaled, mul, neg, round, sub, sum, toScaled, type Scaled } from '../../src/einvoice/decimal';

// A BigInt-only oracle: the arithmetic decimal.ts did before it had a Number fast path.
const common = (x: Scaled, y: Scaled) => {
  const scale = Math.max(x.scale, y.scale);
  return [x.units * 10n ** BigInt(scale - x.scale), y.units * 10n ** BigInt(scale - y.scale), scale] as const;
};
const oracle = {
  add(a: string, b: string) {
    const [x, y, scale] = common(toScaled(a), toScaled(b));
    return fromScaled({ units: x + y, scale });
  },
  mul(a: string, b: string) {
    const x = toScaled(a), y = toScaled(b);
    return fromScaled({ units: x.units * y.units, scale: x.scale + y.scale });
  },
  compare(a: string, b: string) {
    const [x, y] = common(toScaled(a), toScaled(b));
    return x < y ? -1 : x > y ? 1 : 0;
  },
  round(a: string, places: number) {
    const x = toScaled(a);
    if (x.scale <= places) return fromScaled({ units: x.units * 10n ** BigInt(places - x.scale), scale: places });
    const divisor = 10n ** BigInt(x.scale - places);
    const magnitude = x.units < 0n ? -x.units : x.units;
    let q = magnitude / divisor;
    if ((magnitude % divisor) * 2n >= divisor) q += 1n;
    return fromScaled({ units: x.units < 0n ? -q : q, scale: places });
  },
  div(a: string, b: string, places: number) {
    const x = toScaled(a), y = toScaled(b);
    const shift = places + 1 + y.scale - x.scale;
    const num = shift >= 0 ? x.units * 10n ** BigInt(shift) : x.units / 10n ** BigInt(-shift);
    return oracle.round(fromScaled({ units: num / y.units, scale: places + 1 }), places);
  },
};

const TWO_53 = 2n ** 53n;
const near = (centre: bigint, spread: bigint) => fc.bigInt({ min: centre - spread, max: centre + spread });
/** Magnitudes on both sides of what a Number holds exactly: 15 digits, 2^53, 16 and 17 digits. */
const magnitude = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 17n }),
  near(10n ** 15n, 10_000n),
  near(TWO_53, 10_000n),
  near(10n ** 16n, 10_000n),
  fc.bigInt({ min: 0n, max: 10n ** 8n }), // products of two of these straddle 2^53
  fc.constantFrom(0n, 1n, 5n, 10n ** 15n - 1n, 10n ** 15n, TWO_53 - 1n, TWO_53, TWO_53 + 1n),
);
/** The same number written the ways an invoice may: +, leading zeros, ".5", "5.", "-0". */
const spelling = fc.constantFrom('plain', 'plus', 'zeros', 'bare-dot');
const decimal = fc
  .tuple(magnitude, fc.boolean(), fc.integer({ min: 0, max: 8 }), spelling)
  .map(([m, negative, scale, how]) => {
    const plain = fromScaled({ units: m, scale });
    const sign = negative ? '-' : how === 'plus' ? '+' : '';
    if (how === 'zeros') return `${sign}000${plain}`;
    if (how === 'bare-dot') return `${sign}${plain.startsWith('0.') ? plain.slice(1) : scale === 0 ? `${plain}.` : plain}`;
    return `${sign}${plain}`;
  });
const places = fc.integer({ min: 0, max: 6 });

test('fast and BigInt paths agree on add, sub, neg and abs across the 15-digit and 2^53 boundaries', () => {
  fc.assert(
    fc.property(decimal, decimal, (a, b) => {
      assert.equal(add(a, b), oracle.add(a, b));
      assert.equal(sub(a, b), oracle.add(a, fromScaled({ units: -toScaled(b).units, scale: toScaled(b).scale })));
      assert.equal(neg(a), fromScaled({ units: -toScaled(a).units, scale: toScaled(a).scale }));
      assert.equal(abs(a), oracle.compare(a, '0') < 0 ? neg(a) : a);
    }),
    { numRuns: 2000 },
  );
});

test('fast and BigInt paths agree on mul and compare across the boundaries', () => {
  fc.assert(
    fc.property(decimal, decimal, (a, b) => {
      assert.equal(mul(a, b), oracle.mul(a, b));
      assert.equal(compare(a, b), oracle.compare(a, b));
    }),
    { numRuns: 2000 },
  );
});

test('fast and BigInt paths agree on round, div, sum and differs across the boundaries', () => {
  fc.assert(
    fc.property(decimal, decimal, decimal, places, (a, b, c, p) => {
      assert.equal(round(a, p), oracle.round(a, p));
      if (oracle.compare(b, '0') !== 0) assert.equal(div(a, b, p), oracle.div(a, b, p));
      assert.equal(sum([a, b, c]), oracle.add(oracle.add(oracle.add('0', a), b), c));
      const difference = oracle.add(a, fromScaled({ units: -toScaled(b).units, scale: toScaled(b).scale }));
      const magnitudeOfDifference = oracle.compare(difference, '0') < 0 ? difference.slice(1) : difference;
      assert.equal(differs(a, b, c.replace(/^[+-]/, '')), oracle.compare(magnitudeOfDifference, c.replace(/^[+-]/, '')) > 0);
    }),
    { numRuns: 2000 },
  );
});

test('the exact edge of the fast path', () => {
  const max = '999999999999999'; // 15 digits: the longest the Number path takes
  assert.equal(add(max, '1'), '1000000000000000');
  assert.equal(add(max, max), '1999999999999998');
  assert.equal(add('9007199254740991', '1'), '9007199254740992'); // 2^53 − 1 + 1: 16 digits, BigInt path
  assert.equal(mul('94906265', '94906265'), '9007199136250225'); // just under 2^53: Numbers
  assert.equal(mul('9490626.6', '9490626.7'), '90071994209690.22'); // units just over 2^53: BigInt
  assert.equal(mul('0.00000001', '0.00000001'), '0.0000000000000001');
  assert.equal(sub('0.1', '0.3'), '-0.2');
  assert.equal(neg('-0'), '0');
  assert.equal(neg('0.00'), '0.00');
  assert.equal(mul('-3', '0'), '0');
  assert.equal(round('-0.004', 2), '0.00');
  assert.equal(round('99999999999999.95', 1), '100000000000000.0');
  assert.equal(div('1', '3', 4), '0.3333');
  assert.equal(div('-2', '3', 2), '-0.67');
  assert.equal(div('999999999999999', '0.000001', 2), '999999999999999000000.00');
  assert.throws(() => div('1', '0', 2), /division by zero/);
  assert.throws(() => add('1,5', '1'), RangeError);
  assert.throws(() => compare('', '1'), RangeError);
  assert.equal(add(' 1.5 ', '1'), '2.5'); // padded strings are trimmed, as before
  assert.equal(sum([]), '0');
  assert.equal(sum(['1.10', '2.205', '12345678901234567890']), '12345678901234567893.305');
  assert.ok(differs('1.005', '1.00', '0.004') && !differs('1.005', '1.00', '0.005'));
});
