import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { PATCH_RECIPE_VERSION, patchSource } from '../../src/validation/patches';
import { MANIFEST_PATH, RULE_SETS, RULES_DIR, SEF_DIR, type Manifest } from '../../src/validation/rule-sets';

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
const manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
const REBUILD = 'the committed SEF no longer matches its source: run `npm run build:rules` and commit the result';

describe('validation > the compiled rules match their sources', () => {
  it('lists every rule set, built with the current patches', () => {
    assert.deepEqual(Object.keys(manifest.sets).sort(), Object.keys(RULE_SETS).sort());
    assert.equal(manifest.patchRecipe, PATCH_RECIPE_VERSION, REBUILD);
  });

  for (const [name, set] of Object.entries(RULE_SETS)) {
    it(`${name}: the sources hash as when the SEF was built, and the SEF is the one built`, () => {
      const built = manifest.sets[name]!;
      assert.deepEqual(Object.keys(built.sources).sort(), [...set.sources].sort());
      for (const rel of set.sources) assert.equal(sha256(readFileSync(join(RULES_DIR, rel))), built.sources[rel], `${rel}: ${REBUILD}`);
      const sef = gunzipSync(readFileSync(join(SEF_DIR, `${name}.sef.json.gz`)));
      assert.equal(sha256(sef), built.sef, `${name}.sef.json.gz was changed by hand or by another build: ${REBUILD}`);
    });
  }

  it('keeps the licence or notice of every upstream source beside it', () => {
    for (const f of ['cen/LICENSE.txt', 'peppol/NOTICE.txt', 'xrechnung/LICENSE', 'schxslt2/LICENSE', 'PROVENANCE.md']) {
      assert.ok(existsSync(join(RULES_DIR, f)), f);
    }
  });

  it('patches exactly the mod-97 checks to xs:decimal and adds the xs namespace to XRechnung CII', () => {
    const peppol = patchSource('peppol/PEPPOL-EN16931-UBL.sch', readFileSync(join(RULES_DIR, 'peppol/PEPPOL-EN16931-UBL.sch'), 'utf8'));
    assert.match(peppol, /xs:decimal\(string-join\(for \$cp in string-to-codepoints/);
    assert.doesNotMatch(peppol, /xs:integer\(string-join\(for \$cp in string-to-codepoints/);
    const xr = patchSource('xrechnung/cii/XRechnung-CII-validation.sch', readFileSync(join(RULES_DIR, 'xrechnung/cii/XRechnung-CII-validation.sch'), 'utf8'));
    assert.match(xr, /<ns prefix="xs" uri="http:\/\/www.w3.org\/2001\/XMLSchema" \/>/);
    assert.doesNotMatch(xr, /xs:integer\(string-join/);
    assert.throws(() => patchSource('xrechnung/cii/XRechnung-CII-validation.sch', '<schema/>'), /anchor not found|found nothing/);
  });
});
