import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { readEInvoice, type Invoice } from '../../src/einvoice/index';
import { bytes, fixture, fixtureText } from './helpers';

function readOne(input: Uint8Array): Invoice {
  const result = readEInvoice(input);
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.equal(result.invoices.length, 1);
  return result.invoices[0]!;
}

describe('UBL', () => {
  test('reads the minimal Peppol invoice into the model', () => {
    const inv = readOne(fixture('peppol-minimal.xml'));
    assert.equal(inv.format, 'ubl');
    assert.equal(inv.documentType, 'invoice');
    assert.equal(inv.invoiceNumber, 'INV-Ø-2024-001');
    assert.equal(inv.issueDate, '2024-02-29');
    assert.equal(inv.dueDate, '2024-03-30');
    assert.deepEqual(inv.seller, {
      name: 'Søren Café ApS',
      tradingName: "Søren's Café",
      vatId: 'DK12345678',
      country: 'DK',
      endpointId: '0088:5790000436101',
      address: { street: 'Nørregade 1', additionalStreet: null, city: 'København', postalCode: '1165', region: null, country: 'DK' },
    });
    assert.equal(inv.buyer.name, 'Köpare AB');
    assert.equal(inv.buyerReference, 'PO-REF-77');
    assert.equal(inv.payeeIban, 'DK5000400440116243');
    assert.deepEqual(inv.totals, {
      lineNet: '100.00', allowances: null, charges: null, taxExclusive: '100.00', tax: '25.00',
      taxInclusive: '125.00', prepaid: null, rounding: null, withholding: null, payable: '125.00',
    });
    assert.deepEqual(inv.taxBreakdown, [{ category: 'S', rate: '25', taxableAmount: '100.00', taxAmount: '25.00' }]);
    assert.deepEqual(inv.lines[0], {
      lineNumber: '1', name: 'Smørrebrød', description: 'Smørrebrød, assorted', quantity: '4', unitCode: 'C62',
      unitPrice: '25.00', netAmount: '100.00', taxCategory: 'S', taxRate: '25', sellerItemId: null, standardItemId: null,
      orderLineReference: null,
    });
    assert.deepEqual(inv.warnings, []);
  });

  test('matches by namespace, not prefix: cbc/cac prefixes, other prefixes and default namespaces read the same', () => {
    const src = fixtureText('peppol-minimal.xml');
    const prefixed = src
      .replace('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"', '<inv:Invoice xmlns:inv="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"')
      .replace('</Invoice>', '</inv:Invoice>')
      .replaceAll('<a:', '<cac:').replaceAll('</a:', '</cac:').replaceAll('xmlns:a=', 'xmlns:cac=')
      .replaceAll('<b:', '<zz:').replaceAll('</b:', '</zz:').replaceAll('xmlns:b=', 'xmlns:zz=');
    assert.deepEqual(readOne(bytes(prefixed)), readOne(bytes(src)));
    // Same local names in a foreign namespace are not picked up.
    const foreign = src.replace('<b:BuyerReference>PO-REF-77</b:BuyerReference>', '<x:BuyerReference xmlns:x="urn:other">NOPE</x:BuyerReference>');
    assert.equal(readOne(bytes(foreign)).buyerReference, null);
  });

  test('a CreditNote root is a credit note and reads CreditNoteLine', () => {
    const src = fixtureText('peppol-minimal.xml')
      .replace('xsd:Invoice-2"', 'xsd:CreditNote-2"').replace('<Invoice ', '<CreditNote ').replace('</Invoice>', '</CreditNote>')
      .replace('InvoiceTypeCode>380</b:InvoiceTypeCode', 'CreditNoteTypeCode>381</b:CreditNoteTypeCode')
      .replaceAll('a:InvoiceLine>', 'a:CreditNoteLine>').replaceAll('b:InvoicedQuantity', 'b:CreditedQuantity')
      .replace('<b:DueDate>2024-03-30</b:DueDate>', '');
    const inv = readOne(bytes(src));
    assert.equal(inv.documentType, 'credit_note');
    assert.equal(inv.typeCode, '381');
    assert.equal(inv.lines[0]!.quantity, '4');
  });

  test('a Peppol StandardBusinessDocument envelope is opened', () => {
    const inner = fixtureText('peppol-minimal.xml').replace(/^<\?xml[^>]*>/, '');
    const sbd = `<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"><StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion></StandardBusinessDocumentHeader>${inner}</StandardBusinessDocument>`;
    assert.equal(readOne(bytes(sbd)).invoiceNumber, 'INV-Ø-2024-001');
  });

  test('a stray line break before the XML declaration is dropped, not refused', () => {
    const src = fixtureText('peppol-minimal.xml');
    assert.deepEqual(readOne(bytes(`\r\n  ${src}`)), readOne(bytes(src)));
  });

  test('UTF-16 (both byte orders) read like UTF-8', () => {
    const utf8 = readOne(fixture('peppol-minimal.xml'));
    assert.deepEqual(readOne(fixture('peppol-utf16le.xml')), utf8);
    assert.deepEqual(readOne(fixture('peppol-utf16be.xml')), utf8);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('peppol-minimal.xml')]);
    assert.deepEqual(readOne(bom), utf8);
  });

  test('attachments: metadata in JSON, content available to the caller', () => {
    const inv = readOne(fixture('peppol-minimal.xml'));
    assert.deepEqual(inv.attachments, []);
    const withPdf = fixtureText('peppol-minimal.xml').replace(
      '<a:AccountingSupplierParty>',
      `<a:AdditionalDocumentReference><b:ID>1</b:ID><a:Attachment><b:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">${Buffer.from('%PDF-1.4 hello').toString('base64')}</b:EmbeddedDocumentBinaryObject></a:Attachment></a:AdditionalDocumentReference><a:AccountingSupplierParty>`,
    );
    const [att] = readOne(bytes(withPdf)).attachments;
    assert.ok(att);
    assert.equal(Buffer.from(att.content).toString(), '%PDF-1.4 hello');
    const json = JSON.parse(JSON.stringify(att));
    assert.deepEqual(Object.keys(json), ['filename', 'mimeType', 'size', 'sha256']);
    assert.deepEqual([json.filename, json.mimeType, json.size], ['a.pdf', 'application/pdf', 14]);
    assert.equal(json.sha256, createHash('sha256').update('%PDF-1.4 hello').digest('hex'));
  });
});

describe('FatturaPA', () => {
  const expectedSeller = 'Caffè Società à r.l.';

  test('reads header parties, body totals, withholding and payments', () => {
    const inv = readOne(fixture('fatturapa-minimal.xml'));
    assert.equal(inv.format, 'fatturapa');
    assert.equal(inv.typeCode, 'TD01');
    assert.equal(inv.invoiceNumber, 'FT-7/2024');
    assert.equal(inv.seller.name, expectedSeller);
    assert.equal(inv.seller.vatId, 'IT01234567890');
    assert.equal(inv.buyer.name, 'Mario Rossi');
    assert.equal(inv.buyer.endpointId, 'ABC1234');
    assert.deepEqual(inv.totals, {
      lineNet: '100.00', allowances: null, charges: null, taxExclusive: '100.00', tax: '22.00',
      taxInclusive: '122.00', prepaid: null, rounding: null, withholding: '20.00', payable: '102.00',
    });
    assert.equal(inv.dueDate, '2024-02-15');
    assert.equal(inv.payeeIban, 'IT60X0542811101000000123456');
    assert.deepEqual(inv.warnings, []);
  });

  test('payable falls back to the total less withholding; a missing total is computed with a warning', () => {
    const src = fixtureText('fatturapa-minimal.xml').replace(/<ImportoPagamento>.*?<\/ImportoPagamento>/, '').replace(/<ImportoTotaleDocumento>.*?<\/ImportoTotaleDocumento>/, '');
    const inv = readOne(bytes(src));
    assert.equal(inv.totals.taxInclusive, '122.00');
    assert.equal(inv.totals.payable, '102.00');
    assert.ok(inv.warnings.some((w) => w.includes('ImportoTotaleDocumento')));
  });

  test('a document discount given only as a percentage does not raise a false total warning', () => {
    const src = fixtureText('fatturapa-minimal.xml').replace(
      '</DatiGeneraliDocumento>',
      '<ScontoMaggiorazione><Tipo>SC</Tipo><Percentuale>10.00</Percentuale></ScontoMaggiorazione></DatiGeneraliDocumento>',
    ).replace(/<ImportoTotaleDocumento>.*?<\/ImportoTotaleDocumento>/, '<ImportoTotaleDocumento>109.80</ImportoTotaleDocumento>')
      .replace('<ImportoPagamento>102.00</ImportoPagamento>', '<ImportoPagamento>89.80</ImportoPagamento>');
    const inv = readOne(bytes(src));
    assert.equal(inv.totals.taxInclusive, '109.80');
    assert.equal(inv.totals.allowances, null);
    assert.deepEqual(inv.warnings, []);
  });

  test('a document total with the withholding already deducted is explained, not just flagged', () => {
    const src = fixtureText('fatturapa-minimal.xml').replace(/<ImportoPagamento>.*?<\/ImportoPagamento>/, '')
      .replace(/<ImportoTotaleDocumento>.*?<\/ImportoTotaleDocumento>/, '<ImportoTotaleDocumento>102.00</ImportoTotaleDocumento>');
    const inv = readOne(bytes(src));
    assert.equal(inv.totals.payable, '82.00');
    assert.ok(inv.warnings.some((w) => /less the withholding 20\.00: the supplier seems to have deducted the withholding already/.test(w)), JSON.stringify(inv.warnings));
  });

  test('rounding stated in the VAT summary counts towards the document total', () => {
    const src = fixtureText('fatturapa-minimal.xml')
      .replace('<EsigibilitaIVA>I</EsigibilitaIVA></DatiRiepilogo>', '<Arrotondamento>-0.35</Arrotondamento><EsigibilitaIVA>I</EsigibilitaIVA></DatiRiepilogo>')
      .replace('<ImportoTotaleDocumento>122.00</ImportoTotaleDocumento>', '<ImportoTotaleDocumento>121.65</ImportoTotaleDocumento>')
      .replace('<ImportoPagamento>102.00</ImportoPagamento>', '<ImportoPagamento>101.65</ImportoPagamento>');
    assert.deepEqual(readOne(bytes(src)).warnings, []);
  });

  test('split payment without payment details: the VAT the buyer pays to the State is pointed out', () => {
    const src = fixtureText('fatturapa-minimal.xml').replace(/<DatiPagamento>[^]*<\/DatiPagamento>/, '')
      .replace(/<DatiRitenuta>.*?<\/DatiRitenuta>/, '').replace('<EsigibilitaIVA>I</EsigibilitaIVA>', '<EsigibilitaIVA>S</EsigibilitaIVA>');
    const inv = readOne(bytes(src));
    assert.equal(inv.totals.payable, '122.00');
    assert.deepEqual(inv.warnings, ['Split payment (scissione dei pagamenti): the VAT of 22.00 is paid by the buyer to the State, so the supplier is owed 100.00.']);
  });

  test('a namespace with a stray space is read, with a warning', () => {
    const src = fixtureText('fatturapa-minimal.xml').replace('agenziaentrate.gov.it/docs/', 'agenziaentrate.gov.it/ docs/');
    const inv = readOne(bytes(src));
    assert.equal(inv.invoiceNumber, 'FT-7/2024');
    assert.match(inv.warnings.join(' '), /FatturaPA namespace is misspelt/);
  });

  test('one invoice per FatturaElettronicaBody', () => {
    const src = fixtureText('fatturapa-minimal.xml');
    const body = src.slice(src.indexOf('<FatturaElettronicaBody>'), src.indexOf('</FatturaElettronicaBody>') + '</FatturaElettronicaBody>'.length);
    const two = src.replace(body, body + body.replace('FT-7/2024', 'FT-8/2024'));
    const result = readEInvoice(bytes(two));
    assert.ok(result.ok);
    assert.deepEqual(result.invoices.map((i) => i.invoiceNumber), ['FT-7/2024', 'FT-8/2024']);
  });

  test('ISO-8859-1 and windows-1252 declarations are honoured', () => {
    assert.equal(readOne(fixture('fatturapa-iso-8859-1.xml')).seller.name, expectedSeller);
    const inv = readOne(fixture('fatturapa-windows-1252.xml'));
    assert.equal(inv.lines[0]!.name, 'Consulenza più caffè €');
  });

  test('CAdES .p7m: DER, BER (indefinite lengths, chunked content) and base64 text', () => {
    const plain = readOne(fixture('fatturapa-minimal.xml'));
    assert.deepEqual(readOne(fixture('fatturapa-minimal.xml.p7m')), plain);
    assert.deepEqual(readOne(fixture('fatturapa-minimal-ber.xml.p7m')), plain);
    assert.deepEqual(readOne(fixture('fatturapa-minimal-base64.xml.p7m')), plain);
  });

  test('FatturaPA embedded in a UBL document is read as the invoice, and the FatturaPA file is kept as an attachment', () => {
    const inv = readOne(fixture('ubl-with-fatturapa.xml'));
    assert.equal(inv.format, 'fatturapa');
    assert.equal(inv.invoiceNumber, 'FT-7/2024');
    assert.equal(inv.seller.name, expectedSeller);
    assert.deepEqual(inv.attachments.map((a) => a.filename), ['IT01234567890_00001.xml', 'hours.csv']);
    assert.match(Buffer.from(inv.attachments[0]!.content).toString('utf8'), /FatturaElettronica/);
    assert.deepEqual(inv.warnings, []);
  });
});

describe('CII', () => {
  const cii = (settlementExtra = '', issue = '20240115') => `<?xml version="1.0"?>
<x:CrossIndustryInvoice xmlns:x="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:u="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <x:ExchangedDocument><ID>R-1</ID><TypeCode>381</TypeCode><IssueDateTime><u:DateTimeString format="102">${issue}</u:DateTimeString></IssueDateTime></x:ExchangedDocument>
  <x:SupplyChainTradeTransaction>
    <IncludedSupplyChainTradeLineItem>
      <AssociatedDocumentLineDocument><LineID>1</LineID></AssociatedDocumentLineDocument>
      <SpecifiedTradeProduct><Name>Widget</Name></SpecifiedTradeProduct>
      <SpecifiedLineTradeAgreement><NetPriceProductTradePrice><ChargeAmount>10</ChargeAmount></NetPriceProductTradePrice></SpecifiedLineTradeAgreement>
      <SpecifiedLineTradeDelivery><BilledQuantity unitCode="H87">3</BilledQuantity></SpecifiedLineTradeDelivery>
      <SpecifiedLineTradeSettlement><ApplicableTradeTax><CategoryCode>S</CategoryCode><RateApplicablePercent>19</RateApplicablePercent></ApplicableTradeTax>
        <SpecifiedTradeSettlementLineMonetarySummation><LineTotalAmount>30.00</LineTotalAmount></SpecifiedTradeSettlementLineMonetarySummation></SpecifiedLineTradeSettlement>
    </IncludedSupplyChainTradeLineItem>
    <ApplicableHeaderTradeAgreement><SellerTradeParty><Name>Verkäufer GmbH</Name><SpecifiedTaxRegistration><ID schemeID="VA">DE123456789</ID></SpecifiedTaxRegistration></SellerTradeParty><BuyerTradeParty><Name>Käufer AG</Name></BuyerTradeParty></ApplicableHeaderTradeAgreement>
    <ApplicableHeaderTradeSettlement>
      <InvoiceCurrencyCode>EUR</InvoiceCurrencyCode>${settlementExtra}
      <ApplicableTradeTax><CalculatedAmount>5.70</CalculatedAmount><TypeCode>VAT</TypeCode><BasisAmount>30.00</BasisAmount><CategoryCode>S</CategoryCode><RateApplicablePercent>19</RateApplicablePercent></ApplicableTradeTax>
      <SpecifiedTradeSettlementHeaderMonetarySummation><LineTotalAmount>30.00</LineTotalAmount><TaxBasisTotalAmount>30.00</TaxBasisTotalAmount><TaxTotalAmount currencyID="EUR">5.70</TaxTotalAmount><GrandTotalAmount>35.70</GrandTotalAmount><DuePayableAmount>35.70</DuePayableAmount></SpecifiedTradeSettlementHeaderMonetarySummation>
    </ApplicableHeaderTradeSettlement>
  </x:SupplyChainTradeTransaction>
</x:CrossIndustryInvoice>`;

  test('reads a CII credit note with default-namespace ram elements', () => {
    const inv = readOne(bytes(cii()));
    assert.equal(inv.format, 'cii');
    assert.equal(inv.documentType, 'credit_note');
    assert.equal(inv.issueDate, '2024-01-15');
    assert.equal(inv.seller.vatId, 'DE123456789');
    assert.equal(inv.totals.payable, '35.70');
    assert.equal(inv.lines[0]!.unitCode, 'H87');
    assert.deepEqual(inv.warnings, []);
  });

  test("VAT per rate within EN 16931's tolerance of one unit (BR-CO-17) is not a warning", () => {
    const src = cii().replace('<CalculatedAmount>5.70</CalculatedAmount>', '<CalculatedAmount>6.00</CalculatedAmount>')
      .replace('<TaxTotalAmount currencyID="EUR">5.70</TaxTotalAmount><GrandTotalAmount>35.70</GrandTotalAmount><DuePayableAmount>35.70</DuePayableAmount>',
        '<TaxTotalAmount currencyID="EUR">6.00</TaxTotalAmount><GrandTotalAmount>36.00</GrandTotalAmount><DuePayableAmount>36.00</DuePayableAmount>');
    assert.deepEqual(readOne(bytes(src)).warnings, []);
  });

  test('the due date is the net one, not a cash-discount deadline', () => {
    const terms = (date: string, discount = '') =>
      `<SpecifiedTradePaymentTerms><DueDateDateTime><u:DateTimeString format="102">${date}</u:DateTimeString></DueDateDateTime>${discount}</SpecifiedTradePaymentTerms>`;
    const skonto = '<ApplicableTradePaymentDiscountTerms><CalculationPercent>2</CalculationPercent></ApplicableTradePaymentDiscountTerms>';
    assert.equal(readOne(bytes(cii(terms('20240125', skonto) + terms('20240214')))).dueDate, '2024-02-14');
    assert.equal(readOne(bytes(cii(terms('20240125', skonto)))).dueDate, '2024-01-25', 'with only discount terms, their date is all there is');
  });

  test('Extended sub-lines: GROUP subtotals and INFORMATION lines are not billed lines', () => {
    const src = cii();
    const line = src.slice(src.indexOf('<IncludedSupplyChainTradeLineItem>'), src.indexOf('</IncludedSupplyChainTradeLineItem>') + '</IncludedSupplyChainTradeLineItem>'.length);
    const withStatus = (id: string, status: string) =>
      line.replace('<LineID>1</LineID>', `<LineID>${id}</LineID><LineStatusReasonCode>${status}</LineStatusReasonCode>`);
    const grouped = src.replace(line, withStatus('1', 'GROUP') + withStatus('101', 'DETAIL') + withStatus('102', 'INFORMATION'));
    const inv = readOne(bytes(grouped));
    assert.deepEqual(inv.lines.map((l) => l.lineNumber), ['101']);
    assert.deepEqual(inv.warnings, []);
  });

  test('xs:boolean indicators: 1 is true', () => {
    const charge = (indicator: string) =>
      `<SpecifiedTradeAllowanceCharge><ChargeIndicator><u:Indicator>${indicator}</u:Indicator></ChargeIndicator><ActualAmount>10.00</ActualAmount><Reason>Freight</Reason><CategoryTradeTax><TypeCode>VAT</TypeCode><CategoryCode>S</CategoryCode><RateApplicablePercent>19</RateApplicablePercent></CategoryTradeTax></SpecifiedTradeAllowanceCharge>`;
    const withCharge = (indicator: string) => cii(charge(indicator))
      .replace('<BasisAmount>30.00</BasisAmount>', '<BasisAmount>40.00</BasisAmount>').replace('<CalculatedAmount>5.70</CalculatedAmount>', '<CalculatedAmount>7.60</CalculatedAmount>')
      .replace('<TaxBasisTotalAmount>30.00</TaxBasisTotalAmount><TaxTotalAmount currencyID="EUR">5.70</TaxTotalAmount><GrandTotalAmount>35.70</GrandTotalAmount><DuePayableAmount>35.70</DuePayableAmount>',
        '<ChargeTotalAmount>10.00</ChargeTotalAmount><TaxBasisTotalAmount>40.00</TaxBasisTotalAmount><TaxTotalAmount currencyID="EUR">7.60</TaxTotalAmount><GrandTotalAmount>47.60</GrandTotalAmount><DuePayableAmount>47.60</DuePayableAmount>');
    assert.deepEqual(readOne(bytes(withCharge('true'))).warnings, []);
    assert.deepEqual(readOne(bytes(withCharge('1'))).warnings, []);
    assert.notDeepEqual(readOne(bytes(withCharge('false'))).warnings, [], 'the same amount as an allowance does not add up');
  });

  test('Extended logistics service charges count towards their VAT category', () => {
    const freight = '<SpecifiedLogisticsServiceCharge><Description>Fracht</Description><AppliedAmount>10.00</AppliedAmount><AppliedTradeTax><TypeCode>VAT</TypeCode><CategoryCode>S</CategoryCode><RateApplicablePercent>19</RateApplicablePercent></AppliedTradeTax></SpecifiedLogisticsServiceCharge>';
    const src = cii(freight)
      .replace('<BasisAmount>30.00</BasisAmount>', '<BasisAmount>40.00</BasisAmount>').replace('<CalculatedAmount>5.70</CalculatedAmount>', '<CalculatedAmount>7.60</CalculatedAmount>')
      .replace('<TaxBasisTotalAmount>30.00</TaxBasisTotalAmount><TaxTotalAmount currencyID="EUR">5.70</TaxTotalAmount><GrandTotalAmount>35.70</GrandTotalAmount><DuePayableAmount>35.70</DuePayableAmount>',
        '<ChargeTotalAmount>10.00</ChargeTotalAmount><TaxBasisTotalAmount>40.00</TaxBasisTotalAmount><TaxTotalAmount currencyID="EUR">7.60</TaxTotalAmount><GrandTotalAmount>47.60</GrandTotalAmount><DuePayableAmount>47.60</DuePayableAmount>');
    assert.deepEqual(readOne(bytes(src)).warnings, []);
  });

  test('format 102 dates are validated', () => {
    assert.equal(readEInvoice(bytes(cii('', '20230229'))).ok, false);
  });

  test('consistency problems become warnings, not rejections', () => {
    const src = cii('<SpecifiedTradePaymentTerms><DueDateDateTime><u:DateTimeString format="102">20240101</u:DateTimeString></DueDateDateTime></SpecifiedTradePaymentTerms>')
      .replace('<LineTotalAmount>30.00</LineTotalAmount></SpecifiedTradeSettlementLineMonetarySummation>', '<LineTotalAmount>35.00</LineTotalAmount></SpecifiedTradeSettlementLineMonetarySummation>')
      .replace('<DuePayableAmount>35.70</DuePayableAmount>', '<DuePayableAmount>40.00</DuePayableAmount>')
      .replace('<CalculatedAmount>5.70</CalculatedAmount>', '<CalculatedAmount>7.00</CalculatedAmount>');
    const { warnings } = readOne(bytes(src));
    const expectations = [/lines add up to 35\.00, but the invoice states a line total of 30\.00/, /amount due is 40\.00/, /before the issue date/, /VAT breakdown adds up to 7\.00/, /19% of 30\.00 is 5\.70/, /quantity 3 at price 10 gives 30\.00/];
    for (const re of expectations) assert.ok(warnings.some((w) => re.test(w)), `${re} in ${JSON.stringify(warnings)}`);
    for (const w of warnings) assert.match(w, /^[A-Z][^\n]*\.$/);
  });
});
