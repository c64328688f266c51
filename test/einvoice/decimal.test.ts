import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { add, compare, div, equals, fromScaled, isDecimal, mul, neg, round, sub, sum, toScaled } from '../../src/einvoice/decimal';

/** Decimal strings as they appear in invoices: optional sign, up to 18 integer digits, up to 6 decimals. */
const decimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 6 }))
  .map(([units, scale]) => fromScaled({ units, scale }));

const exact = (s: string) => {
  const { units, scale } = toScaled(s);
  return { units, scale };
};
/** a and b as fractions over a common power of ten, for an independent oracle. */
const common = (a: string, b: string) => {
  const x = exact(a), y = exact(b);
  const scale = Math.max(x.scale, y.scale);
  return [x.units * 10n ** BigInt(scale - x.scale), y.units * 10n ** BigInt(scale - y.scale), scale] as const;
};

test('generated decimals are well-formed and round-trip', () => {
  fc.assert(fc.property(decimal, (a) => isDecimal(a) && fromScaled(toScaled(a)) === a));
});

test('add matches integer arithmetic and is commutative and associative', () => {
  fc.assert(
    fc.property(decimal, decimal, decimal, (a, b, c) => {
      const [x, y, scale] = common(a, b);
      assert.equal(add(a, b), fromScaled({ units: x + y, scale }));
      assert.equal(add(a, b), add(b, a));
      assert.ok(equals(add(add(a, b), c), add(a, add(b, c))));
    }),
  );
});

test('sub undoes add and a − a = 0', () => {
  fc.assert(
    fc.property(decimal, decimal, (a, b) => {
      assert.ok(equals(sub(add(a, b), b), a));
      assert.ok(equals(sub(a, a), '0'));
      assert.ok(equals(neg(neg(a)), a));
    }),
  );
});

test('compare is consistent with subtraction and antisymmetric', () => {
  fc.assert(
    fc.property(decimal, decimal, (a, b) => {
      const [x, y] = common(a, b);
      assert.equal(compare(a, b), x < y ? -1 : x > y ? 1 : 0);
      assert.equal(compare(a, b), -compare(b, a) || 0);
    }),
  );
});

test('mul is exact, commutative and distributes over add', () => {
  fc.assert(
    fc.property(decimal, decimal, decimal, (a, b, c) => {
      const x = exact(a), y = exact(b);
      assert.equal(mul(a, b), fromScaled({ units: x.units * y.units, scale: x.scale + y.scale }));
      assert.ok(equals(mul(a, b), mul(b, a)));
      assert.ok(equals(mul(a, add(b, c)), add(mul(a, b), mul(a, c))));
    }),
  );
});

test('round stays within half a unit and rounds halves away from zero', () => {
  fc.assert(
    fc.property(decimal, fc.integer({ min: 0, max: 6 }), (a, places) => {
      const r = round(a, places);
      assert.equal(exact(r).scale, places);
      const half = fromScaled({ units: 5n, scale: places + 1 });
      const error = sub(r, a);
      assert.ok(compare(error, half) <= 0 && compare(error, neg(half)) >= 0, `${a} → ${r}`);
      assert.ok(equals(round(neg(a), places), neg(r)), 'symmetric around zero');
    }),
  );
  assert.equal(round('2.345', 2), '2.35');
  assert.equal(round('-2.345', 2), '-2.35');
  assert.equal(round('2.3449', 2), '2.34');
  assert.equal(round('7', 2), '7.00');
});

test('div times divisor is within rounding of the dividend', () => {
  fc.assert(
    fc.property(decimal, decimal.filter((b) => !equals(b, '0')), (a, b) => {
      const q = div(a, b, 4);
      // |q·b − a| ≤ ½·10⁻⁴·|b|
      const slack = mul(fromScaled({ units: 5n, scale: 5 }), b.startsWith('-') ? neg(b) : b);
      const error = sub(mul(q, b), a);
      assert.ok(compare(error, slack) <= 0 && compare(error, neg(slack)) >= 0, `${a} / ${b} = ${q}`);
    }),
  );
});

test('never loses cents the way floats do', () => {
  assert.equal(add('0.1', '0.2'), '0.3');
  assert.equal(sum(['1436.50', '-0.50', '0.001']), '1436.001');
  assert.equal(mul('19.99', '3'), '59.97');
  assert.ok(!isDecimal('1e3') && !isDecimal('12,50') && !isDecimal('') && !isDecimal('.'));
  assert.ok(isDecimal('-.5') && isDecimal('64.') && isDecimal('+3'));
});
