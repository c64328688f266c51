/** Which build of the rules gave a result: a short hash of the SEF manifest (sources, patches and SEF hashes). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MANIFEST_PATH } from './rule-sets';

export const BUILD_HASH = createHash('sha256').update(readFileSync(MANIFEST_PATH)).digest('hex').slice(0, 12);

/**
 * Builds that give exactly the findings of an earlier build keep its version, so a rebuild for speed does not make
 * every stored result stale and re-validate the whole database. 16a8e5958088 is the build of speedups.ts; that it
 * gives the findings of f58b1fd1339e (the rules compiled as published) is what test/validation/findings.test.ts
 * checks against its record. A new upstream release or patch makes a new hash, and a new version, by itself.
 */
const SAME_FINDINGS_AS: Record<string, string> = { '16a8e5958088': 'f58b1fd1339e' };

export const RULES_VERSION = SAME_FINDINGS_AS[BUILD_HASH] ?? BUILD_HASH;

/** What the clerk reads: the published versions of the rule sets. */
export const RULES_LABEL = 'EN 16931 1.3.16, Peppol BIS 3, XRechnung 3.0';
