/**
 * What the build changes in the upstream Schematron before compiling, and why. Kept small and exact: each patch
 * must match, or the build stops (a new upstream version needs a look, not a silent no-op).
 */

/** Bump when a patch (or the speed-up in speedups.ts) changes, so the manifest test asks for a rebuild. */
export const PATCH_RECIPE_VERSION = 2;

// SaxonJS holds xs:integer in 64-bit floats, so the IBAN mod-97 checks (Peppol DE-R-019/020, XRechnung BR-DE-19/20)
// compute `xs:integer('1000…3140') mod 97` wrongly. xs:decimal is exact in SaxonJS; these expressions only ever
// hold digits, so the result is the same number.
const MOD97 = /xs:integer\((string-join\(for \$cp in string-to-codepoints\()/g;

// XRechnung's CII file uses xs:decimal (u:decimalOrZero) without declaring the xs prefix for Schematron.
const XR_CII_NS_ANCHOR = '<ns prefix="ram"  uri="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" />';

export function patchSource(path: string, text: string): string {
  let out = text;
  if (path.endsWith('.sch') && (path.startsWith('peppol/PEPPOL-EN16931-UBL') || path.startsWith('xrechnung/'))) {
    if (path !== 'xrechnung/common.sch') {
      const before = out;
      out = out.replace(MOD97, 'xs:decimal($1');
      if (out === before) throw new Error(`mod-97 patch found nothing to change in ${path}`);
    }
  }
  if (path === 'xrechnung/cii/XRechnung-CII-validation.sch') {
    if (!out.includes(XR_CII_NS_ANCHOR)) throw new Error(`XRechnung CII namespace patch: anchor not found in ${path}`);
    out = out.replace(XR_CII_NS_ANCHOR, `${XR_CII_NS_ANCHOR}\n  <ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema" />`);
  }
  return out;
}
