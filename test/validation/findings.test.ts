/*
 * The committed rules give exactly the findings recorded in fixtures/findings.json (see findings-fixture.ts): the
 * corpus and three edited copies of each file, through the thread pool as the job runs them. The record was made
 * with the rules as compiled before the speed-up of speedups.ts, so this proves the rewrite changes no finding,
 * message, location or error. A new upstream version of the rules changes findings on purpose: record again then.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ValidationPool } from '../../src/validation/pool';
import { rewriteExpression } from '../../src/validation/speedups';
import { RULES_VERSION } from '../../src/validation/version';
import { documents, FIXTURE, record, type Fixture } from './findings-fixture';

describe('validation > the compiled rules give the recorded findings', () => {
  let pool: ValidationPool;
  before(async () => {
    pool = new ValidationPool({ threads: 1 });
    await pool.ready();
  });
  after(() => pool.close());

  it('on the corpus and on edited copies of it, finding for finding', async () => {
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;
    const expected = fixture.documents;
    const docs = documents();
    assert.deepEqual(docs.map((d) => d.key).sort(), Object.keys(expected).sort(), 'the corpus or the edits changed: record again');
    const differences: string[] = [];
    let findings = 0;
    for (const { key, xml } of docs) {
      const got = record(await pool.validate(xml));
      findings += got.rules.length;
      if (got.digest !== expected[key]!.digest) differences.push(`${key}: ${got.ok} ${got.rules.join(' ')} ≠ recorded ${expected[key]!.ok} ${expected[key]!.rules.join(' ')}`);
    }
    assert.deepEqual(differences, []);
    assert.ok(findings > 400, `${findings} findings: the edited copies should make the rules fire`);
    // Results stored under the recorded build's version stay current only because this test proves them equal.
    assert.equal(RULES_VERSION, fixture.build, 'these rules give the recorded findings, so they keep the recorded version');
  });
});

describe('validation > the speed-up rewrite', () => {
  const ns = new Map([
    ['cac', 'urn:a'],
    ['cbc', 'urn:b'],
  ]);
  const rw = (e: string) => rewriteExpression(e, ns);

  it('answers whole-document paths from the index', () => {
    assert.equal(rw('exists(//cac:X[cbc:ID = "S"]/cbc:ID)'), `exists(key('apdesk-by-name', 'Q{urn:a}X')[cbc:ID = "S"]/cbc:ID)`);
    assert.equal(rw('sum(//(cac:A|cac:B)/cbc:Amount)'), `sum(key('apdesk-by-name', ('Q{urn:a}A', 'Q{urn:a}B'))/cbc:Amount)`);
    assert.equal(rw('not(//@schemeName)'), `not(key('apdesk-attributes-by-name', 'Q{}schemeName'))`);
    assert.equal(rw('x and //cac:X'), `x and key('apdesk-by-name', 'Q{urn:a}X')`);
    assert.equal(rw('count(//cac:X[not(cbc:Y)][cbc:Z])'), `count(key('apdesk-by-name', 'Q{urn:a}X')[not(cbc:Y)][cbc:Z])`);
  });

  it('leaves alone what the index would answer differently', () => {
    for (const e of [
      'cac:A//cac:X', // relative to the context, not the document
      '//cac:X[1]', // positional: the first of each parent
      '//cac:X[position() = 1]',
      '//cac:X[count(cbc:Y)]', // a number is a position
      '//cac:X[let $a := 1 return $a]',
      '//*[cbc:ID]', // no name
      '//cac:X/following::cac:Y', // fine, but only the head is rewritten: stays the same below
      '"//cac:X"', // inside a string
      '//unknown:X', // an undeclared prefix
    ]) {
      const out = rw(e);
      if (e === '//cac:X/following::cac:Y') assert.equal(out, `key('apdesk-by-name', 'Q{urn:a}X')/following::cac:Y`);
      else assert.equal(out, e, e);
    }
  });
});
