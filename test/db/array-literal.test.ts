import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrayLiteral } from '../../src/db/array-literal';

describe('Database > array literals', () => {
  it('quotes every text, escapes only " and \\, and writes null as NULL and integers bare', () => {
    assert.equal(arrayLiteral([]), '{}');
    assert.equal(arrayLiteral([1, 22, null, undefined]), '{1,22,NULL,NULL}');
    assert.equal(arrayLiteral(['a', 'NULL', '', 'x,y', '{z}', 'say "hi"', 'C:\\dir\\', 'two\nlines']), '{"a","NULL","","x,y","{z}","say \\"hi\\"","C:\\\\dir\\\\","two\nlines"}');
    assert.equal(arrayLiteral(['1.50', 1.5]), '{"1.50","1.5"}');
  });
});
