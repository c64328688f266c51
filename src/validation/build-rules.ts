/**
 * `npm run build:rules`: rebuilds the SEF files SaxonJS runs from the upstream rule sources in `rules/`.
 *
 * CEN's EN 16931 rules ship as XSLT and compile after a rewrite that changes their speed, not their findings
 * (`speedups.ts`). Peppol BIS 3 and XRechnung ship as Schematron: they are
 * first patched (see `patches.ts`), transpiled to XSLT with SchXslt2 v1.3.4, then compiled. Each SEF is written
 * gzipped to `rules/sef/` and `rules/sef/manifest.json` records the sha256 of every source and of every SEF, which
 * `test/validation/rules-manifest.test.ts` checks. Takes about two minutes of CPU and ~600 MB for the UBL set.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RULE_SETS, RULES_DIR, SEF_DIR, MANIFEST_PATH, type RuleSetName, type Manifest } from './rule-sets';
import { PATCH_RECIPE_VERSION, patchSource } from './patches';
import { speedUpStylesheet } from './speedups';

const xslt3 = join(RULES_DIR, '../../../node_modules/xslt3/xslt3.js');

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function run(args: string[]): void {
  execFileSync(process.execPath, ['--max-old-space-size=2048', xslt3, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function build(name: RuleSetName, work: string): { sources: Record<string, string>; sef: string; bytes: number } {
  const set = RULE_SETS[name];
  const sources: Record<string, string> = {};
  for (const rel of set.sources) sources[rel] = sha256(readFileSync(join(RULES_DIR, rel)));

  let xsl: string;
  if (set.kind === 'xslt') {
    // The CEN stylesheets are compiled as published, with their whole-document paths answered from an index.
    const sped = speedUpStylesheet(readFileSync(join(RULES_DIR, set.sources[0]!), 'utf8'));
    console.log(`[${name}] ${sped.rewritten} whole-document paths answered from the index, ${sped.leftAsIs} left as they are`);
    xsl = join(work, `${name}.xsl`);
    writeFileSync(xsl, sped.text);
  } else {
    // Copy every source into the work dir keeping relative paths (Schematron includes are relative), patched.
    for (const rel of set.sources) {
      const out = join(work, name, rel);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, patchSource(rel, readFileSync(join(RULES_DIR, rel), 'utf8')));
    }
    const sch = join(work, name, set.sources[0]!);
    xsl = join(work, `${name}.xsl`);
    console.log(`[${name}] transpiling ${set.sources[0]} with SchXslt2`);
    run([`-xsl:${join(RULES_DIR, 'schxslt2/transpile.xsl')}`, `-s:${sch}`, `-o:${xsl}`]);
  }
  const sefPath = join(work, `${name}.sef.json`);
  console.log(`[${name}] compiling to SEF`);
  run(['-t', `-xsl:${xsl}`, `-export:${sefPath}`, '-nogo', '-relocate:on']);
  // Kept as xslt3 wrote it (SaxonJS checks its checksum); only its build timestamp differs between builds.
  const sef = readFileSync(sefPath);
  const gz = gzipSync(sef, { level: 9 });
  writeFileSync(join(SEF_DIR, `${name}.sef.json.gz`), gz);
  return { sources, sef: sha256(sef), bytes: sef.length };
}

function main(): void {
  const only = process.argv.slice(2) as RuleSetName[];
  const names = (only.length > 0 ? only : Object.keys(RULE_SETS)) as RuleSetName[];
  mkdirSync(SEF_DIR, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'apdesk-rules-'));
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
  } catch {
    manifest = { patchRecipe: PATCH_RECIPE_VERSION, sets: {} } as Manifest;
  }
  manifest.patchRecipe = PATCH_RECIPE_VERSION;
  try {
    for (const name of names) {
      if (!(name in RULE_SETS)) throw new Error(`unknown rule set ${name}`);
      const started = Date.now();
      const built = build(name, work);
      manifest.sets[name] = { sources: built.sources, sef: built.sef };
      console.log(`[${name}] ${(built.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const sorted = Object.fromEntries(Object.entries(manifest.sets).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(MANIFEST_PATH, JSON.stringify({ patchRecipe: manifest.patchRecipe, sets: sorted }, null, 2) + '\n');
  console.log(`wrote ${MANIFEST_PATH}`);
}

main();
