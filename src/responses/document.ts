/*
 * The Peppol Invoice Response 3 document (a UBL 2.1 ApplicationResponse) for one decision:
 * our company (the invoice's buyer, BT-49) as sender, the supplier (BT-34) as receiver, the
 * UNCL 4343 response code, the reason and action as Status elements, and a reference to the
 * invoice (number, issue date, type code).
 */
import type { ActionCode, ReasonCode, ResponseCode } from './codes';
import { branch, leaf, renderXml, type XmlNode } from './xml-writer';

export const CUSTOMIZATION_ID = 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3';
export const PROFILE_ID = 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3';
export const NS = {
  root: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

export type Endpoint = { scheme: string; id: string };
export type ResponseParty = { endpoint: Endpoint; name: string };

export type ResponseDocument = {
  id: string;
  issueDate: string;
  issueTime?: string;
  responseCode: ResponseCode;
  reasonCode?: ReasonCode | null;
  reasonText?: string | null;
  actionCode?: ActionCode | null;
  sender: ResponseParty;
  receiver: ResponseParty;
  invoice: { number: string; issueDate: string; typeCode: string };
};

/** An endpoint id as the reader stores it (`scheme:value`, BT-34/BT-49); null when it has no Peppol EAS scheme. */
export function parseEndpoint(stored: string | null): Endpoint | null {
  if (!stored) return null;
  const m = /^([0-9]{4}|[A-Z]{2}):(.+)$/.exec(stored.trim());
  return m ? { scheme: m[1]!, id: m[2]!.trim() } : null;
}

const party = (name: string, p: ResponseParty): XmlNode | null =>
  branch(name, [leaf('cbc:EndpointID', p.endpoint.id, { schemeID: p.endpoint.scheme }), branch('cac:PartyLegalEntity', [leaf('cbc:RegistrationName', p.name)])]);

export function buildResponseXml(doc: ResponseDocument): string {
  const root = branch(
    'ApplicationResponse',
    [
      leaf('cbc:CustomizationID', CUSTOMIZATION_ID),
      leaf('cbc:ProfileID', PROFILE_ID),
      leaf('cbc:ID', doc.id),
      leaf('cbc:IssueDate', doc.issueDate),
      leaf('cbc:IssueTime', doc.issueTime),
      party('cac:SenderParty', doc.sender),
      party('cac:ReceiverParty', doc.receiver),
      branch('cac:DocumentResponse', [
        branch('cac:Response', [
          leaf('cbc:ResponseCode', doc.responseCode, { listID: 'UNCL4343OpSubset' }),
          leaf('cbc:EffectiveDate', doc.issueDate),
          doc.reasonCode && branch('cac:Status', [leaf('cbc:StatusReasonCode', doc.reasonCode, { listID: 'OPStatusReason' }), leaf('cbc:StatusReason', doc.reasonText)]),
          doc.actionCode && branch('cac:Status', [leaf('cbc:StatusReasonCode', doc.actionCode, { listID: 'OPStatusAction' })]),
        ]),
        branch('cac:DocumentReference', [
          leaf('cbc:ID', doc.invoice.number),
          leaf('cbc:IssueDate', doc.invoice.issueDate),
          leaf('cbc:DocumentTypeCode', doc.invoice.typeCode, { listID: 'UNCL1001' }),
        ]),
      ]),
    ],
    { xmlns: NS.root, 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc },
  );
  return renderXml(root!);
}
