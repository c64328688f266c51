import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitLine, type SplitPartInput } from '../../src/coding/split';

const part = (value: string, glAccount = '4000'): SplitPartInput => ({ value, glAccount, costCentre: '', taxCode: '' });

describe('splitting a line', () => {
  it('accepts amounts that add up to the line exactly', () => {
    const result = splitLine('100.00', 'amount', [part('60.00'), part('40')]);
    assert.ok(result.ok);
    assert.deepEqual(result.parts.map((p) => p.amount), ['60.00', '40']);
  });

  it('refuses amounts a cent short or a cent over, saying by how much', () => {
    const short = splitLine('100.00', 'amount', [part('60.00'), part('39.99')]);
    assert.ok(!short.ok);
    assert.match(short.errors.form!, /0\.01 missing/);
    const over = splitLine('100.00', 'amount', [part('60.00'), part('40.01')]);
    assert.ok(!over.ok);
    assert.match(over.errors.form!, /0\.01 too much/);
  });

  it('turns percentages into amounts that still add up exactly, the last part taking the remainder', () => {
    const result = splitLine('100.00', 'percent', [part('33.333'), part('33.333'), part('33.334')]);
    assert.ok(result.ok);
    assert.deepEqual(result.parts.map((p) => p.amount), ['33.33', '33.33', '33.34']);
    const thirds = splitLine('10.00', 'percent', [part('50'), part('50')]);
    assert.ok(thirds.ok);
    assert.deepEqual(thirds.parts.map((p) => p.amount), ['5.00', '5.00']);
  });

  it('refuses percentages that do not add up to 100, or are not numbers, next to the part', () => {
    const result = splitLine('100.00', 'percent', [part('50'), part('49.9')]);
    assert.ok(!result.ok);
    assert.match(result.errors.form!, /99\.9 %, not 100/);
    const bad = splitLine('100.00', 'percent', [part('50'), part('abc')]);
    assert.ok(!bad.ok);
    assert.ok(bad.errors['value.1']);
    const zero = splitLine('100.00', 'percent', [part('100'), part('0')]);
    assert.ok(!zero.ok);
    assert.ok(zero.errors['value.1']);
  });

  it('ignores empty rows and handles credit lines (negative amounts)', () => {
    const result = splitLine('-50.00', 'amount', [part('-20.00'), { value: '', glAccount: '', costCentre: '', taxCode: '' }, part('-30.00')]);
    assert.ok(result.ok);
    assert.equal(result.parts.length, 2);
  });
});
