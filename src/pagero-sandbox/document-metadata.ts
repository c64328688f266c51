import { formatCents, parseCents } from './money';
import type { DocumentInfo } from './types';

function firstText(xml: string, localName: string, within?: string): string | undefined {
  let scope = xml;
  if (within) {
    const section = new RegExp(`<(?:[\\w.-]+:)?${within}[\\s>][\\s\\S]*?</(?:[\\w.-]+:)?${within}>`).exec(xml);
    if (!section) return undefined;
    scope = section[0];
  }
  const match = new RegExp(`<(?:[\\w.-]+:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${localName}>`).exec(scope);
  return match?.[1]?.trim();
}

function rootElement(xml: string): string | undefined {
  const body = xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!--[\s\S]*?-->/g, '');
  return /<(?:[\w.-]+:)?([\w.-]+)[\s/>]/.exec(body)?.[1];
}

function amount(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return formatCents(parseCents(text));
  } catch {
    return text;
  }
}

/** Best-effort list metadata read from a seeded UBL document, so tests may post just the XML. */
export function metadataFromXml(xml: string): { documentInfo: DocumentInfo; referenceDocumentIdentifier?: string } {
  const root = rootElement(xml) ?? 'Invoice';
  const documentIdentifier = firstText(xml, 'ID') ?? '';
  const issueDate = firstText(xml, 'IssueDate') ?? '';
  if (root === 'ApplicationResponse') {
    const code = firstText(xml, 'ResponseCode');
    return {
      documentInfo: { direction: 'Received', documentType: 'ApplicationResponse', documentSubType: code === 'RE' ? 'RecipientReject' : 'RecipientAccept', documentIdentifier, issueDate },
      referenceDocumentIdentifier: firstText(xml, 'ID', 'DocumentReference'),
    };
  }
  const currency = firstText(xml, 'DocumentCurrencyCode') ?? 'EUR';
  return {
    documentInfo: {
      direction: 'Received',
      documentType: root === 'CreditNote' || root === 'Invoice' ? 'Invoice' : root,
      documentSubType: root === 'CreditNote' ? 'Credit' : 'Debit',
      documentIdentifier,
      issueDate,
      amounts: {
        currency,
        netAmount: amount(firstText(xml, 'TaxExclusiveAmount', 'LegalMonetaryTotal')) ?? '0.00',
        vatAmount: amount(firstText(xml, 'TaxAmount', 'TaxTotal')) ?? '0.00',
        totalAmount: amount(firstText(xml, 'TaxInclusiveAmount', 'LegalMonetaryTotal')) ?? '0.00',
      },
    },
  };
}
