/** The rule sets apdesk runs, where their sources and compiled SEFs live, and which apply to an invoice. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const RULES_DIR = fileURLToPath(new URL('./rules/', import.meta.url));
export const SEF_DIR = join(RULES_DIR, 'sef');
export const MANIFEST_PATH = join(SEF_DIR, 'manifest.json');

export type RuleSetName = 'en16931-ubl' | 'en16931-cii' | 'peppol-ubl' | 'peppol-cii' | 'xrechnung-ubl' | 'xrechnung-cii';
export type Syntax = 'ubl' | 'cii';

interface RuleSet {
  kind: 'xslt' | 'schematron';
  /** The first is the file compiled; the others are what it includes or needs to build. Paths relative to rules/. */
  sources: string[];
  label: string;
}

export const RULE_SETS: Record<RuleSetName, RuleSet> = {
  'en16931-ubl': { kind: 'xslt', sources: ['cen/EN16931-UBL-validation.xslt'], label: 'EN 16931 1.3.16' },
  'en16931-cii': { kind: 'xslt', sources: ['cen/EN16931-CII-validation.xslt'], label: 'EN 16931 1.3.16' },
  'peppol-ubl': {
    kind: 'schematron',
    sources: ['peppol/PEPPOL-EN16931-UBL.sch', 'schxslt2/transpile.xsl'],
    label: 'Peppol BIS 3',
  },
  'peppol-cii': {
    kind: 'schematron',
    sources: ['peppol/PEPPOL-EN16931-CII.sch', 'schxslt2/transpile.xsl'],
    label: 'Peppol BIS 3',
  },
  'xrechnung-ubl': {
    kind: 'schematron',
    sources: ['xrechnung/ubl/XRechnung-UBL-validation.sch', 'xrechnung/common.sch', 'schxslt2/transpile.xsl'],
    label: 'XRechnung 3.0',
  },
  'xrechnung-cii': {
    kind: 'schematron',
    sources: ['xrechnung/cii/XRechnung-CII-validation.sch', 'xrechnung/common.sch', 'schxslt2/transpile.xsl'],
    label: 'XRechnung 3.0',
  },
};

export interface Manifest {
  /** Bumped when patches.ts changes what the build does to the sources. */
  patchRecipe: number;
  sets: Record<string, { sources: Record<string, string>; sef: string }>;
}

/**
 * Which rule sets apply, from the syntax and the specification identifier (BT-24, CustomizationID /
 * GuidelineSpecifiedDocumentContextParameter). Peppol rules on a non-Peppol invoice are noise, so they run only
 * when BT-24 names Peppol; XRechnung likewise.
 */
export function ruleSetsFor(syntax: Syntax, customizationId: string | null): RuleSetName[] {
  const sets: RuleSetName[] = [`en16931-${syntax}`];
  const id = (customizationId ?? '').toLowerCase();
  if (id.includes('peppol')) sets.push(`peppol-${syntax}`);
  if (id.includes('xrechnung')) sets.push(`xrechnung-${syntax}`);
  return sets;
}
