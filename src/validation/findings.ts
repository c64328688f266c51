/** A finding as apdesk stores and shows it, from one SVRL failed-assert. */
export type Severity = 'fatal' | 'warning' | 'information';

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** XPath of the node the rule failed on, as the rule set reports it. */
  location: string | null;
  /** The rule set that reported it (en16931-ubl, peppol-cii, …), or 'apdesk' for the reader's own checks. */
  ruleSet: string;
}

export function severityOf(flag: string | null | undefined): Severity {
  const f = (flag ?? '').toLowerCase();
  if (f === 'warning') return 'warning';
  if (f === 'information' || f === 'info') return 'information';
  // Upstream rules without a flag are errors in Schematron terms; apdesk treats anything else as fatal.
  return 'fatal';
}
