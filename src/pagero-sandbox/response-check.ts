/*
 * What the sandbox checks of an uploaded ApplicationResponse (its own reading, independent
 * of apdesk's rules): well-formed, a Peppol Invoice Response, known codes, an addressed
 * supplier, and a reference to an invoice the sending company really received.
 */
import { attr, parseXml, textOf, type XmlElement } from '../einvoice/xml';
import type { SandboxState } from './state';

const UBL = {
  root: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};
const RESPONSE_CODES = new Set(['AB', 'IP', 'UQ', 'CA', 'RE', 'AP', 'PD']);
const REASONS = new Set(['NON', 'REF', 'LEG', 'REC', 'QUA', 'DEL', 'PRI', 'QTY', 'ITM', 'PAY', 'UNR', 'FIN', 'PPD', 'OTH']);
const ACTIONS = new Set(['NOA', 'PIN', 'NIN', 'CNF', 'CNP', 'CNA']);

export type ReadResponse = {
  id: string | null;
  responseCode: string | null;
  reasonCode: string | null;
  reasonText: string | null;
  actionCode: string | null;
  invoiceNumber: string | null;
  invoiceDocumentId: string | null;
  sender: string | null;
  receiver: string | null;
  receiverName: string | null;
};

const child = (el: XmlElement | undefined, ns: string, name: string) => el?.children.find((c) => c.ns === ns && c.name === name);
const path = (el: XmlElement | undefined, ...steps: [string, string][]) => steps.reduce<XmlElement | undefined>((at, [ns, name]) => child(at, ns, name), el);
const endpoint = (party: XmlElement | undefined) => {
  const e = child(party, UBL.cbc, 'EndpointID');
  return textOf(e) ? `${attr(e, 'schemeID') ?? '?'}:${textOf(e)}` : null;
};

export function checkUploadedResponse(state: SandboxState, companyId: string, xml: string): { read: ReadResponse; errors: string[] } {
  const errors: string[] = [];
  const read: ReadResponse = { id: null, responseCode: null, reasonCode: null, reasonText: null, actionCode: null, invoiceNumber: null, invoiceDocumentId: null, sender: null, receiver: null, receiverName: null };
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    return { read, errors: [`The file is not well-formed XML: ${(error as Error).message}`] };
  }
  if (root.ns !== UBL.root || root.name !== 'ApplicationResponse') return { read, errors: ['The file is not a UBL ApplicationResponse.'] };
  if (!/^urn:fdc:peppol\.eu:poacc:trns:invoice_response:3/.test(textOf(child(root, UBL.cbc, 'CustomizationID')) ?? '')) {
    errors.push('CustomizationID is not Peppol Invoice Response 3.');
  }
  read.id = textOf(child(root, UBL.cbc, 'ID'));
  if (!read.id) errors.push('The response has no ID.');
  read.sender = endpoint(child(root, UBL.cac, 'SenderParty'));
  read.receiver = endpoint(child(root, UBL.cac, 'ReceiverParty'));
  read.receiverName = textOf(path(root, [UBL.cac, 'ReceiverParty'], [UBL.cac, 'PartyLegalEntity'], [UBL.cbc, 'RegistrationName']));
  if (!read.sender) errors.push('The sender party has no EndpointID.');
  if (!read.receiver) errors.push('The receiver party has no EndpointID: the response cannot be routed.');

  const documentResponse = child(root, UBL.cac, 'DocumentResponse');
  const response = child(documentResponse, UBL.cac, 'Response');
  read.responseCode = textOf(child(response, UBL.cbc, 'ResponseCode'));
  if (!read.responseCode || !RESPONSE_CODES.has(read.responseCode)) errors.push(`Unknown response code ${read.responseCode ?? '(none)'}.`);
  for (const status of response?.children.filter((c) => c.ns === UBL.cac && c.name === 'Status') ?? []) {
    const code = child(status, UBL.cbc, 'StatusReasonCode');
    const list = attr(code, 'listID');
    if (list === 'OPStatusReason') {
      read.reasonCode = textOf(code);
      read.reasonText = textOf(child(status, UBL.cbc, 'StatusReason'));
      if (!REASONS.has(read.reasonCode ?? '')) errors.push(`Unknown status reason code ${read.reasonCode ?? '(none)'}.`);
    } else if (list === 'OPStatusAction') {
      read.actionCode = textOf(code);
      if (!ACTIONS.has(read.actionCode ?? '')) errors.push(`Unknown status action code ${read.actionCode ?? '(none)'}.`);
    } else errors.push(`A status code has the unknown list ${list ?? '(none)'}.`);
  }
  if ((read.responseCode === 'RE' || read.responseCode === 'UQ') && !read.reasonCode) errors.push(`A ${read.responseCode} response must give a reason.`);

  read.invoiceNumber = textOf(path(documentResponse, [UBL.cac, 'DocumentReference'], [UBL.cbc, 'ID']));
  const invoice = read.invoiceNumber
    ? state.companyDocuments(companyId).find((d) => d.documentInfo.direction === 'Received' && d.documentInfo.documentType === 'Invoice' && d.documentInfo.documentIdentifier === read.invoiceNumber)
    : undefined;
  read.invoiceDocumentId = invoice?.id ?? null;
  if (!read.invoiceNumber) errors.push('The response names no invoice (DocumentReference/ID).');
  else if (!invoice) errors.push(`The response refers to invoice ${read.invoiceNumber}, which this company never received through Pagero.`);
  return { read, errors };
}
