/* The ApplicationResponse apdesk writes, and the Invoice Response rules it is checked against before sending. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseXml, textOf, type XmlElement } from '../../src/einvoice/xml';
import { buildResponseXml, NS, parseEndpoint, type ResponseDocument } from '../../src/responses/document';
import { checkInvoiceResponse } from '../../src/responses/rules';
import { escapeAttribute, escapeText } from '../../src/responses/xml-writer';

const base: ResponseDocument = {
  id: '42',
  issueDate: '2026-12-02',
  issueTime: '17:05:00',
  responseCode: 'RE',
  reasonCode: 'PRI',
  reasonText: 'Price 12.50, not 14',
  actionCode: 'NIN',
  sender: { endpoint: { scheme: '0007', id: '5567321707' }, name: 'Acme Nordic AB' },
  receiver: { endpoint: { scheme: '0088', id: '7300010000001' }, name: 'Supplier & Sons <Ltd>' },
  invoice: { number: 'INV-1001', issueDate: '2026-11-30', typeCode: '380' },
};

const find = (el: XmlElement, ...names: string[]): XmlElement | undefined => names.reduce<XmlElement | undefined>((at, n) => at?.children.find((c) => c.name === n), el);
const rules = (xml: string) => checkInvoiceResponse(xml).map((b) => b.rule);

describe('the Invoice Response document', () => {
  it('is a Peppol Invoice Response 3 that passes every rule, with sender, receiver, code, reason, action and the invoice reference', () => {
    const xml = buildResponseXml(base);
    assert.deepEqual(checkInvoiceResponse(xml), []);
    const root = parseXml(xml);
    assert.equal(root.ns, NS.root);
    assert.equal(textOf(find(root, 'CustomizationID')), 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3');
    assert.equal(textOf(find(root, 'ProfileID')), 'urn:fdc:peppol.eu:poacc:bis:invoice_response:3');
    assert.equal(textOf(find(root, 'SenderParty', 'EndpointID')), '5567321707');
    assert.equal(find(root, 'SenderParty', 'EndpointID')!.attributes.schemeID!.value, '0007');
    assert.equal(textOf(find(root, 'ReceiverParty', 'PartyLegalEntity', 'RegistrationName')), 'Supplier & Sons <Ltd>');
    const response = find(root, 'DocumentResponse', 'Response')!;
    assert.equal(textOf(find(response, 'ResponseCode')), 'RE');
    const statuses = response.children.filter((c) => c.name === 'Status');
    assert.deepEqual(statuses.map((s) => [s.children[0]!.attributes.listID!.value, textOf(s.children[0])]), [['OPStatusReason', 'PRI'], ['OPStatusAction', 'NIN']]);
    assert.equal(textOf(find(statuses[0]!, 'StatusReason')), 'Price 12.50, not 14');
    assert.deepEqual(['ID', 'IssueDate', 'DocumentTypeCode'].map((n) => textOf(find(root, 'DocumentResponse', 'DocumentReference', n))), ['INV-1001', '2026-11-30', '380']);
  });

  it('escapes everything and drops characters XML cannot carry, so free text cannot break or inject', () => {
    const hostile = 'a</cbc:StatusReason><cbc:Injected>x</cbc:Injected>\u0000\u0007 "quoted" & \'single\' \uD800 ok';
    const xml = buildResponseXml({ ...base, reasonText: hostile, invoice: { ...base.invoice, number: 'A&B"<1>' } });
    assert.deepEqual(checkInvoiceResponse(xml), []);
    const root = parseXml(xml);
    const reason = find(root, 'DocumentResponse', 'Response', 'Status', 'StatusReason');
    assert.equal(reason!.text, 'a</cbc:StatusReason><cbc:Injected>x</cbc:Injected> "quoted" & \'single\'  ok');
    assert.equal(textOf(find(root, 'DocumentResponse', 'DocumentReference', 'ID')), 'A&B"<1>');
    assert.equal(escapeAttribute('a"b\nc<'), 'a&quot;b&#10;c&lt;');
    assert.equal(escapeText('x\u0000y&'), 'xy&amp;');
  });

  it('leaves out what a decision does not have (no Status for AP) and still passes', () => {
    const xml = buildResponseXml({ ...base, responseCode: 'AP', reasonCode: null, reasonText: null, actionCode: null });
    assert.deepEqual(checkInvoiceResponse(xml), []);
    assert.doesNotMatch(xml, /Status/);
  });

  it('reads endpoint ids as the reader stores them (scheme:value), and only with a Peppol EAS scheme', () => {
    assert.deepEqual(parseEndpoint('0088:7300010000001'), { scheme: '0088', id: '7300010000001' });
    assert.deepEqual(parseEndpoint('EM:ap@example.com'), { scheme: 'EM', id: 'ap@example.com' });
    assert.equal(parseEndpoint('7300010000001'), null);
    assert.equal(parseEndpoint(null), null);
  });
});

describe('the Invoice Response rules', () => {
  const xml = buildResponseXml(base);
  it('catch a rejection or query without a reason', () => {
    assert.deepEqual(rules(buildResponseXml({ ...base, reasonCode: null, reasonText: null, actionCode: null })), ['IR-15']);
    assert.deepEqual(rules(buildResponseXml({ ...base, responseCode: 'UQ', reasonCode: null, actionCode: null })), ['IR-15']);
  });
  it('catch codes outside their lists', () => {
    assert.deepEqual(rules(xml.replace('>RE<', '>XX<')), ['IR-11']);
    assert.deepEqual(rules(xml.replace('listID="OPStatusReason">PRI', 'listID="OPStatusReason">ABC')), ['IR-12']);
    assert.deepEqual(rules(xml.replace('>NIN<', '>ZZZ<')), ['IR-13']);
    assert.deepEqual(rules(xml.replace('listID="UNCL4343OpSubset"', 'listID="UNCL4343"')), ['IR-11']);
    assert.deepEqual(rules(xml.replace('>380<', '>999<')), ['IR-19']);
    assert.deepEqual(rules(buildResponseXml({ ...base, responseCode: 'AP', reasonCode: null })), ['IR-16']);
  });
  it('catch wrong identifiers, missing parties and endpoint schemes, bad dates and empty elements', () => {
    assert.deepEqual(rules(xml.replace('invoice_response:3</cbc:Cust', 'invoice_response:2</cbc:Cust')), ['IR-03']);
    assert.deepEqual(rules(xml.replace('bis:invoice_response:3', 'bis:billing:3')), ['IR-04']);
    assert.deepEqual(rules(xml.replace('schemeID="0088"', 'schemeID="GLN"')), ['IR-08']);
    assert.deepEqual(rules(xml.replace(/<cac:ReceiverParty>[\s\S]*<\/cac:ReceiverParty>/, '')), ['IR-07']);
    assert.deepEqual(rules(xml.replace('<cbc:IssueDate>2026-12-02', '<cbc:IssueDate>2026-02-30')), ['IR-06']);
    assert.deepEqual(rules(xml.replace('<cbc:StatusReason>Price 12.50, not 14</cbc:StatusReason>', '<cbc:StatusReason/>')), ['IR-02']);
    assert.deepEqual(rules(xml.replace('<cbc:ID>INV-1001</cbc:ID>', '')), ['IR-17']);
  });
  it('refuse what is not an ApplicationResponse or not XML at all', () => {
    assert.deepEqual(rules('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'), ['IR-01']);
    assert.deepEqual(rules('<ApplicationResponse'), ['IR-00']);
    assert.deepEqual(rules('<!DOCTYPE x [<!ENTITY a "b">]><x/>'), ['IR-00']);
  });
});
