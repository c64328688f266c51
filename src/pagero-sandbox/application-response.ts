import type { Party } from './catalog';
import type { DocumentInfo } from './types';
import { block, el, type XmlBlock } from './xml';

export interface InvoiceResponseSpec {
  id: string;
  issueDate: string;
  /** The buyer that answers our invoice. */
  sender: Party;
  /** The company that sent the invoice and now receives the response. */
  receiver: Party;
  invoiceNumber: string;
  invoiceIssueDate: string;
  /** UNCL 4343 subset: AP accepted, RE rejected, etc. */
  responseCode: 'AP' | 'RE' | 'AB' | 'IP' | 'UQ' | 'CA' | 'PD';
}

function responseParty(tag: string, p: Party): XmlBlock {
  return block(tag, [el('cbc:EndpointID', p.endpoint.id, { schemeID: p.endpoint.scheme }), block('cac:PartyLegalEntity', [el('cbc:RegistrationName', p.name)])]);
}

/** Peppol Invoice Response 3.0 (a UBL ApplicationResponse). */
export function renderInvoiceResponse(spec: InvoiceResponseSpec): string {
  const root = block(
    'ApplicationResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"',
    [
      el('cbc:CustomizationID', 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3'),
      el('cbc:ProfileID', 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3'),
      el('cbc:ID', spec.id),
      el('cbc:IssueDate', spec.issueDate),
      responseParty('cac:SenderParty', spec.sender),
      responseParty('cac:ReceiverParty', spec.receiver),
      block('cac:DocumentResponse', [
        block('cac:Response', [el('cbc:ResponseCode', spec.responseCode, { listID: 'UNCL4343OpSubset' }), el('cbc:EffectiveDate', spec.issueDate)]),
        block('cac:DocumentReference', [el('cbc:ID', spec.invoiceNumber), el('cbc:IssueDate', spec.invoiceIssueDate), el('cbc:DocumentTypeCode', '380', { listID: 'UNCL1001' })]),
      ]),
    ],
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

export function invoiceResponseDocumentInfo(spec: InvoiceResponseSpec): DocumentInfo {
  return {
    direction: 'Received',
    documentType: 'ApplicationResponse',
    documentSubType: spec.responseCode === 'RE' ? 'RecipientReject' : 'RecipientAccept',
    documentIdentifier: spec.id,
    issueDate: spec.issueDate,
  };
}
