/**
 * The only place that touches SaxonJS: load the compiled rule sets (SEF), run them on one invoice, and read the
 * SVRL failed-asserts. Synchronous and CPU-bound: it runs inside the worker threads of pool.ts, never on the
 * web or job event loop.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import SaxonJS, { type SaxonNode } from 'saxon-js';
import { severityOf, type Finding } from './findings';
import { SEF_DIR, RULE_SETS, type RuleSetName, type Syntax, ruleSetsFor } from './rule-sets';

const SVRL = 'http://purl.oclc.org/dsdl/svrl';

const loaded = new Map<RuleSetName, unknown>();

export function loadRuleSet(name: RuleSetName): unknown {
  let sef = loaded.get(name);
  if (!sef) {
    sef = JSON.parse(gunzipSync(readFileSync(join(SEF_DIR, `${name}.sef.json.gz`))).toString('utf8'));
    loaded.set(name, sef);
  }
  return sef;
}

export type EngineResult =
  | { ok: true; ruleSets: RuleSetName[]; findings: Finding[] }
  | { ok: false; ruleSets: RuleSetName[]; error: string; findings: Finding[] };

const READ_FAILED_ASSERTS = `array { for $f in .//(svrl:failed-assert | svrl:successful-report) return map {
  'id': string($f/@id), 'flag': string($f/@flag), 'location': string($f/@location),
  'text': normalize-space(string-join($f/svrl:text//text(), ''))
} }`;

const DETECT = `let $r := /* return map {
  'ns': namespace-uri($r), 'local': local-name($r),
  'customization': normalize-space(string((
     $r/*:CustomizationID,
     $r/*:ExchangedDocumentContext/*:GuidelineSpecifiedDocumentContextParameter/*:ID)[1]))
}`;

interface Detected {
  ns: string;
  local: string;
  customization: string;
}

function syntaxOf(d: Detected): Syntax | null {
  if (d.ns === 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' && d.local === 'Invoice') return 'ubl';
  if (d.ns === 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2' && d.local === 'CreditNote') return 'ubl';
  if (d.ns === 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100' && d.local === 'CrossIndustryInvoice') return 'cii';
  return null;
}

/** Parse once with SaxonJS's own parser. A DOCTYPE is refused: the rules never need one and it invites entity tricks. */
export function parseDocument(xml: string): SaxonNode {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (/<!DOCTYPE/i.test(text.slice(0, 4096))) throw new Error('the document has a DOCTYPE declaration, which apdesk does not process');
  return SaxonJS.XPath.evaluate('parse-xml($xml)', null, { params: { xml: text } }) as SaxonNode;
}

/**
 * Run every rule set that applies to the document. A rule set that raises a dynamic error stops the run: the
 * result says what could not be validated, with the findings of the sets that did run, never "valid".
 */
export function validateXml(xml: string, only?: RuleSetName[]): EngineResult {
  let doc: SaxonNode;
  try {
    doc = parseDocument(xml);
  } catch (err) {
    return { ok: false, ruleSets: [], findings: [], error: `the XML could not be parsed: ${messageOf(err)}` };
  }
  const detected = SaxonJS.XPath.evaluate(DETECT, doc) as Detected;
  const syntax = syntaxOf(detected);
  if (!syntax) return { ok: false, ruleSets: [], findings: [], error: 'the document is neither a UBL nor a CII invoice' };
  const ruleSets = only ?? ruleSetsFor(syntax, detected.customization || null);
  const findings: Finding[] = [];
  for (const name of ruleSets) {
    try {
      findings.push(...runRuleSet(name, doc));
    } catch (err) {
      return { ok: false, ruleSets, findings, error: `${RULE_SETS[name].label} (${name}) stopped with an error: ${messageOf(err)}` };
    }
  }
  return { ok: true, ruleSets, findings };
}

export function runRuleSet(name: RuleSetName, doc: SaxonNode): Finding[] {
  const result = SaxonJS.transform({ stylesheetInternal: loadRuleSet(name), sourceNode: doc, destination: 'document' }, 'sync');
  const rows = SaxonJS.XPath.evaluate(READ_FAILED_ASSERTS, result.principalResult as SaxonNode, {
    namespaceContext: { svrl: SVRL },
  }) as Array<{ id: string; flag: string; location: string; text: string }>;
  return rows.map((r) => ({
    ruleId: r.id || 'unnamed-rule',
    severity: severityOf(r.flag),
    message: r.text,
    location: r.location || null,
    ruleSet: name,
  }));
}

function messageOf(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { message?: unknown; code?: unknown };
    const msg = typeof e.message === 'string' ? e.message : String(err);
    const code = typeof e.code === 'string' && !msg.includes(e.code) ? ` (${e.code})` : '';
    return `${msg}${code}`.slice(0, 500);
  }
  return String(err).slice(0, 500);
}
