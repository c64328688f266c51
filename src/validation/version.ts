/** Which build of the rules gave a result: a short hash of the SEF manifest (sources, patches and SEF hashes). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MANIFEST_PATH } from './rule-sets';

export const RULES_VERSION = createHash('sha256').update(readFileSync(MANIFEST_PATH)).digest('hex').slice(0, 12);

/** What the clerk reads: the published versions of the rule sets. */
export const RULES_LABEL = 'EN 16931 1.3.16, Peppol BIS 3, XRechnung 3.0';
