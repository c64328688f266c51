/*
 * The Peppol Invoice Response 3 rules that matter for what apdesk sends, checked on the
 * finished XML before it leaves: the identifiers, the mandatory elements, the code lists
 * (UNCL 4343 subset, OPStatusReason, OPStatusAction, EAS for endpoint schemes, UNCL 1001 for
 * the referenced document) and the reason a rejection or query needs. The ids are apdesk's
 * (IR-nn); each message names the element.
 */
import { Rejection } from '../einvoice/reject';
import { attr, parseXml, textOf, type XmlElement } from '../einvoice/xml';
import { isActionCode, isReasonCode } from './codes';
import { CUSTOMIZATION_ID, NS, PROFILE_ID } from './document';

export type RuleBreach = { rule: string; message: string };

const IR_RESPONSE_CODES = new Set(['AB', 'IP', 'UQ', 'CA', 'RE', 'AP', 'PD']);
/** UNCL 1001 codes of invoices and credit notes that Peppol BIS Billing allows. */
const DOCUMENT_TYPE_CODES = new Set(['71', '80', '81', '82', '83', '84', '102', '130', '202', '203', '204', '211', '218', '219', '261', '262', '295', '296', '308', '325', '326', '331', '380', '381', '382', '383', '384', '385', '386', '387', '388', '389', '390', '393', '394', '395', '396', '420', '456', '457', '458', '527', '532', '553', '575', '623', '633', '751', '780', '817', '870', '875', '876', '877', '935']);
const EAS = /^([0-9]{4}|AN|AQ|AS|AU|EM)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const kids = (el: XmlElement | undefined, ns: string, name: string) => (el ? el.children.filter((c) => c.ns === ns && c.name === name) : []);
const cbc = (el: XmlElement | undefined, name: string) => kids(el, NS.cbc, name);
const cac = (el: XmlElement | undefined, name: string) => kids(el, NS.cac, name);

function validDate(text: string | null) {
  if (!text || !DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

export function checkInvoiceResponse(xml: string): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  const fail = (rule: string, message: string) => breaches.push({ rule, message });
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    if (error instanceof Rejection) return [{ rule: 'IR-00', message: error.message }];
    throw error;
  }
  if (root.ns !== NS.root || root.name !== 'ApplicationResponse') return [{ rule: 'IR-01', message: 'The root must be a UBL 2.1 ApplicationResponse.' }];

  const empty = (el: XmlElement, path: string): void => {
    if (el.children.length === 0 && el.text.trim() === '') fail('IR-02', `${path}/${el.name} is empty; a document must not contain empty elements.`);
    for (const child of el.children) empty(child, `${path}/${el.name}`);
  };
  empty(root, '');

  const one = (parent: XmlElement | undefined, name: string, path: string, rule: string) => {
    const found = cbc(parent, name);
    if (found.length !== 1) fail(rule, `${path}/cbc:${name} must occur exactly once (found ${found.length}).`);
    return textOf(found[0]);
  };
  if (one(root, 'CustomizationID', '', 'IR-03') !== CUSTOMIZATION_ID) fail('IR-03', `cbc:CustomizationID must be ${CUSTOMIZATION_ID}.`);
  if (one(root, 'ProfileID', '', 'IR-04') !== PROFILE_ID) fail('IR-04', `cbc:ProfileID must be ${PROFILE_ID}.`);
  one(root, 'ID', '', 'IR-05');
  if (!validDate(one(root, 'IssueDate', '', 'IR-06'))) fail('IR-06', 'cbc:IssueDate must be a date written YYYY-MM-DD.');

  for (const partyName of ['SenderParty', 'ReceiverParty']) {
    const parties = cac(root, partyName);
    if (parties.length !== 1) {
      fail('IR-07', `cac:${partyName} must occur exactly once.`);
      continue;
    }
    const endpoint = cbc(parties[0], 'EndpointID')[0];
    if (!textOf(endpoint)) fail('IR-07', `cac:${partyName}/cbc:EndpointID is mandatory.`);
    else if (!EAS.test(attr(endpoint, 'schemeID') ?? '')) fail('IR-08', `cac:${partyName}/cbc:EndpointID needs a schemeID from the Peppol EAS code list.`);
    if (!textOf(cbc(cac(parties[0], 'PartyLegalEntity')[0], 'RegistrationName')[0])) fail('IR-09', `cac:${partyName} needs cac:PartyLegalEntity/cbc:RegistrationName.`);
  }

  const documentResponses = cac(root, 'DocumentResponse');
  if (documentResponses.length !== 1) {
    fail('IR-10', 'cac:DocumentResponse must occur exactly once.');
    return breaches;
  }
  const response = cac(documentResponses[0], 'Response')[0];
  const codeEl = cbc(response, 'ResponseCode')[0];
  const code = textOf(codeEl);
  if (!code || !IR_RESPONSE_CODES.has(code)) fail('IR-11', `cbc:ResponseCode must be one of ${[...IR_RESPONSE_CODES].join(', ')} (UNCL 4343 subset).`);
  else if (attr(codeEl, 'listID') !== 'UNCL4343OpSubset') fail('IR-11', 'cbc:ResponseCode needs listID="UNCL4343OpSubset".');

  let reasons = 0;
  let actions = 0;
  for (const status of cac(response, 'Status')) {
    const statusCode = cbc(status, 'StatusReasonCode')[0];
    const list = attr(statusCode, 'listID');
    const value = textOf(statusCode);
    if (list === 'OPStatusReason') {
      reasons++;
      if (!isReasonCode(value)) fail('IR-12', `Status reason ${value ?? '(none)'} is not in the OPStatusReason code list.`);
    } else if (list === 'OPStatusAction') {
      actions++;
      if (!isActionCode(value)) fail('IR-13', `Status action ${value ?? '(none)'} is not in the OPStatusAction code list.`);
    } else if (statusCode) fail('IR-14', 'cbc:StatusReasonCode needs listID OPStatusReason or OPStatusAction.');
  }
  if ((code === 'RE' || code === 'UQ') && reasons === 0) fail('IR-15', `A ${code} response must give a reason (cac:Status with an OPStatusReason code).`);
  if (actions > 0 && code !== null && IR_RESPONSE_CODES.has(code) && !['UQ', 'RE', 'CA'].includes(code)) fail('IR-16', `An action for the supplier only goes with UQ, RE or CA, not ${code}.`);

  const references = cac(documentResponses[0], 'DocumentReference');
  if (references.length !== 1) fail('IR-17', 'cac:DocumentResponse/cac:DocumentReference must occur exactly once.');
  else {
    if (!textOf(cbc(references[0], 'ID')[0])) fail('IR-17', 'cac:DocumentReference/cbc:ID (the invoice number) is mandatory.');
    const issue = cbc(references[0], 'IssueDate')[0];
    if (issue && !validDate(textOf(issue))) fail('IR-18', 'cac:DocumentReference/cbc:IssueDate must be a date written YYYY-MM-DD.');
    const type = textOf(cbc(references[0], 'DocumentTypeCode')[0]);
    if (type !== null && !DOCUMENT_TYPE_CODES.has(type)) fail('IR-19', `cac:DocumentReference/cbc:DocumentTypeCode ${type} is not an invoice or credit note type (UNCL 1001).`);
  }
  return breaches;
}
