/**
 * The findings every build of the rules must give: the corpus's UBL, CII and invalid files, each as it is and in
 * three edited copies (mutants.ts). `npx tsx test/validation/findings-fixture.ts --write` records them from the
 * current SEFs into fixtures/findings.json; test/validation/findings.test.ts compares a build against the record.
 * Recorded from the SEFs as compiled before the speed-up (speedups.ts), so that test proves the rewrite exact.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { EngineResult } from '../../src/validation/engine';
import { mutants } from './mutants';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);
export const FIXTURE = new URL('./fixtures/findings.json', import.meta.url);
export const MUTANTS_PER_FILE = 3;

export type Recorded = { digest: string; ok: boolean; rules: string[] };
export type Fixture = { build: string; documents: Record<string, Recorded> };

export function documents(): Array<{ key: string; xml: string }> {
  const out: Array<{ key: string; xml: string }> = [];
  for (const dir of ['ubl', 'cii', 'invalid']) {
    for (const name of readdirSync(new URL(`${dir}/`, CORPUS)).filter((f) => f.endsWith('.xml')).sort()) {
      const xml = readFileSync(new URL(`${dir}/${name}`, CORPUS), 'utf8');
      out.push({ key: `${dir}/${name}`, xml });
      for (const m of mutants(xml, MUTANTS_PER_FILE, name.length * 7919 + MUTANTS_PER_FILE)) out.push({ key: `${dir}/${name} ${m.what}`, xml: m.xml });
    }
  }
  return out;
}

/** Everything a clerk sees of a result: rule sets, error, and every finding in order with its message and location. */
export function record(result: EngineResult): Recorded {
  const canonical = JSON.stringify({ ok: result.ok, ruleSets: result.ruleSets, error: result.ok ? null : result.error, findings: result.findings });
  return {
    digest: createHash('sha256').update(canonical).digest('hex').slice(0, 24),
    ok: result.ok,
    rules: result.findings.map((f) => `${f.ruleId}:${f.severity}`),
  };
}

if (process.argv.includes('--write')) {
  const { validateXml } = await import('../../src/validation/engine');
  const { BUILD_HASH } = await import('../../src/validation/version');
  const recorded: Record<string, Recorded> = {};
  for (const { key, xml } of documents()) recorded[key] = record(validateXml(xml));
  writeFileSync(FIXTURE, JSON.stringify({ build: BUILD_HASH, documents: recorded }, null, 1) + '\n');
  console.log(`${Object.keys(recorded).length} documents recorded`);
}
