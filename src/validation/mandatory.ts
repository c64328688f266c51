/*
 * One policy for content EN 16931 makes mandatory, the same for UBL, CII and FatturaPA (issue 13 item 18, issue 14
 * item 4): a document that lacks it is kept and shown, never refused silently and never approvable by mistake.
 * - The reader refuses only what it cannot identify an invoice without (no number, no issue date): the file is
 *   quarantined with the reason, kept byte for byte and shown under Needs attention, never an invoice to approve.
 * - Anything else mandatory that is missing (seller name, buyer name, lines, currency) becomes a fatal finding
 *   with EN 16931's own rule id. For UBL and CII the official rules report it; FatturaPA has no EN 16931 binding,
 *   so these checks of the reader's data report it with the same ids. Fatal findings block Mark ready and Approve
 *   (gate.ts), and the gate applies these checks directly too, so an invoice not yet validated is held back as well.
 */
import type { Finding } from './findings';

export type MandatoryContent = {
  invoiceNumber: string | null;
  issueDate: Date | string | null;
  sellerName: string | null;
  buyerName: string | null;
  currency: string | null;
  lineCount: number;
};

const RULES: Array<{ id: string; missing: (c: MandatoryContent) => boolean; message: string }> = [
  { id: 'BR-02', missing: (c) => !c.invoiceNumber?.trim(), message: 'An Invoice shall have an Invoice number (BT-1).' },
  { id: 'BR-03', missing: (c) => !c.issueDate, message: 'An Invoice shall have an Invoice issue date (BT-2).' },
  { id: 'BR-05', missing: (c) => !c.currency?.trim(), message: 'An Invoice shall have an Invoice currency code (BT-5).' },
  { id: 'BR-06', missing: (c) => !c.sellerName?.trim(), message: 'An Invoice shall contain the Seller name (BT-27).' },
  { id: 'BR-07', missing: (c) => !c.buyerName?.trim(), message: 'An Invoice shall contain the Buyer name (BT-44).' },
  { id: 'BR-16', missing: (c) => c.lineCount < 1, message: 'An Invoice shall have at least one Invoice line (BG-25).' },
];

/** The findings for what is missing; `source` names the syntax whose reader supplied the data. */
export function mandatoryContentFindings(content: MandatoryContent, source: 'fatturapa' | 'ubl' | 'cii'): Finding[] {
  return RULES.filter((r) => r.missing(content)).map((r) => ({
    ruleId: r.id,
    severity: 'fatal' as const,
    message: `[${r.id}]-${r.message}`,
    location: null,
    ruleSet: `apdesk-${source}`,
  }));
}

/** Only the ids, for the Mark ready / Approve gate. */
export const missingMandatory = (content: MandatoryContent) => RULES.filter((r) => r.missing(content)).map((r) => r.id);
