/** UN/CEFACT Cross Industry Invoice D16B (EN 16931 CII, XRechnung, Factur-X / ZUGFeRD) into the invoice model. */
import { checkCategoryBases, checkLineNet, type AllowanceCharge } from './checks';
import type { Attachment, Invoice, InvoiceLine, Party, TaxSubtotal } from './model';
import { reject } from './reject';
import { Selector } from './select';
import { CREDIT_TYPE_CODES, attachmentFromBase64, ciiDate, decimal, schemed, xsTrue } from './values';
import { attr, textOf, type XmlElement } from './xml';

export const CII_NS = 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100';
const RAM = 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100';
const UDT = 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100';

const $ = new Selector({ rsm: [CII_NS], ram: [RAM], udt: [UDT] });
const NON_BILLED_LINES = new Set(['GROUP', 'INFORMATION']);
/** VA is the code list's; "VAT" is a common mistake that still says what the number is. */
const VAT_SCHEMES = new Set(['VA', 'VAT']);

export function readCii(root: XmlElement): Invoice {
  const warnings: string[] = [];
  const doc = $.first(root, 'rsm:ExchangedDocument');
  const tx = $.first(root, 'rsm:SupplyChainTradeTransaction');
  const agreement = $.first(tx, 'ram:ApplicableHeaderTradeAgreement');
  const settlement = $.first(tx, 'ram:ApplicableHeaderTradeSettlement');
  const sums = $.first(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const money = (el: XmlElement | undefined, path: string, what: string) => decimal($.text(el, path), what, warnings);

  const invoiceNumber = $.text(doc, 'ram:ID') ?? reject('The invoice has no invoice number (ExchangedDocument/ID).');
  const issueDate =
    date($.first(doc, 'ram:IssueDateTime/udt:DateTimeString'), 'issue date') ??
    reject('The invoice has no issue date (ExchangedDocument/IssueDateTime).');
  const typeCode = $.text(doc, 'ram:TypeCode');
  const currency = $.text(settlement, 'ram:InvoiceCurrencyCode');
  const terms = $.all(settlement, 'ram:SpecifiedTradePaymentTerms');
  // Terms that carry a cash discount give the discount's deadline; the net due date is in the others.
  const netTerms = terms.filter((t) => !$.first(t, 'ram:ApplicableTradePaymentDiscountTerms'));
  const dueDates = (netTerms.length > 0 ? netTerms : terms)
    .map((t) => date($.first(t, 'ram:DueDateDateTime/udt:DateTimeString'), 'due date'))
    .filter((d) => d !== null);

  // Extended-profile sub-lines: a GROUP line is the subtotal of its DETAIL lines and an INFORMATION
  // line carries no amount of its own; only the others make up the line total.
  const lineElements = $.all(tx, 'ram:IncludedSupplyChainTradeLineItem').filter(
    (line) => !NON_BILLED_LINES.has($.text(line, 'ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode')?.toUpperCase() ?? ''),
  );
  const invoice: Invoice = {
    format: 'cii',
    documentType: typeCode !== null && CREDIT_TYPE_CODES.has(typeCode) ? 'credit_note' : 'invoice',
    typeCode,
    invoiceNumber,
    issueDate,
    dueDate: dueDates.sort()[0] ?? null,
    currency,
    seller: party($.first(agreement, 'ram:SellerTradeParty')),
    buyer: party($.first(agreement, 'ram:BuyerTradeParty')),
    buyerReference: $.text(agreement, 'ram:BuyerReference'),
    orderReference: $.text(agreement, 'ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID'),
    billingReference: $.text(settlement, 'ram:InvoiceReferencedDocument/ram:IssuerAssignedID'),
    paymentTerms: terms.map((t) => $.text(t, 'ram:Description')).filter((d) => d !== null).join('\n') || null,
    payeeIban:
      $.all(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount')
        .map((a) => $.text(a, 'ram:IBANID') ?? $.text(a, 'ram:ProprietaryID'))
        .find((v) => v !== null) ?? null,
    totals: {
      lineNet: money(sums, 'ram:LineTotalAmount', 'line total'),
      allowances: money(sums, 'ram:AllowanceTotalAmount', 'allowance total'),
      charges: money(sums, 'ram:ChargeTotalAmount', 'charge total'),
      taxExclusive: money(sums, 'ram:TaxBasisTotalAmount', 'total without VAT'),
      tax: decimal(textOf(taxTotalAmount($.all(sums, 'ram:TaxTotalAmount'), currency)), 'VAT total', warnings),
      taxInclusive: money(sums, 'ram:GrandTotalAmount', 'total with VAT'),
      prepaid: money(sums, 'ram:TotalPrepaidAmount', 'prepaid amount'),
      rounding: money(sums, 'ram:RoundingAmount', 'rounding amount'),
      withholding: null,
      payable: money(sums, 'ram:DuePayableAmount', 'amount due'),
    },
    taxBreakdown: $.all(settlement, 'ram:ApplicableTradeTax').map(
      (t): TaxSubtotal => ({
        category: $.text(t, 'ram:CategoryCode'),
        rate: money(t, 'ram:RateApplicablePercent', 'VAT rate'),
        taxableAmount: money(t, 'ram:BasisAmount', 'VAT taxable amount'),
        taxAmount: money(t, 'ram:CalculatedAmount', 'VAT amount'),
      }),
    ),
    lines: lineElements.map((line): InvoiceLine => {
      const product = $.first(line, 'ram:SpecifiedTradeProduct');
      const lineAgreement = $.first(line, 'ram:SpecifiedLineTradeAgreement');
      const lineSettlement = $.first(line, 'ram:SpecifiedLineTradeSettlement');
      const quantity = $.first(line, 'ram:SpecifiedLineTradeDelivery/ram:BilledQuantity');
      return {
        lineNumber: $.text(line, 'ram:AssociatedDocumentLineDocument/ram:LineID'),
        name: $.text(product, 'ram:Name'),
        description: $.text(product, 'ram:Description'),
        quantity: decimal(textOf(quantity), 'line quantity', warnings),
        unitCode: attr(quantity, 'unitCode'),
        unitPrice: money(lineAgreement, 'ram:NetPriceProductTradePrice/ram:ChargeAmount', 'line unit price'),
        netAmount: money(lineSettlement, 'ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount', 'line net amount'),
        taxCategory: $.text(lineSettlement, 'ram:ApplicableTradeTax/ram:CategoryCode'),
        taxRate: money(lineSettlement, 'ram:ApplicableTradeTax/ram:RateApplicablePercent', 'line VAT rate'),
        sellerItemId: $.text(product, 'ram:SellerAssignedID'),
        standardItemId: $.text(product, 'ram:GlobalID'),
        orderLineReference: $.text(lineAgreement, 'ram:BuyerOrderReferencedDocument/ram:LineID'),
      };
    }),
    attachments: attachments(agreement, warnings),
    warnings,
  };
  lineElements.forEach((el, i) => {
    const line = invoice.lines[i]!;
    checkLineNet(
      {
        lineNumber: line.lineNumber,
        quantity: line.quantity,
        price: line.unitPrice,
        baseQuantity: money(el, 'ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity', 'price base quantity'),
        allowanceCharges: allowanceCharges($.first(el, 'ram:SpecifiedLineTradeSettlement'), warnings),
        net: line.netAmount,
      },
      warnings,
    );
  });
  checkCategoryBases(invoice, allowanceCharges(settlement, warnings));
  return invoice;
}

function allowanceCharges(parent: XmlElement | undefined, warnings: string[]): AllowanceCharge[] {
  const out: AllowanceCharge[] = [];
  for (const ac of $.all(parent, 'ram:SpecifiedTradeAllowanceCharge')) {
    const amount = decimal($.text(ac, 'ram:ActualAmount'), 'allowance or charge amount', warnings);
    if (amount === null) continue;
    out.push({
      charge: xsTrue($.text(ac, 'ram:ChargeIndicator/udt:Indicator')),
      reason: $.text(ac, 'ram:Reason'),
      amount,
      category: $.text(ac, 'ram:CategoryTradeTax/ram:CategoryCode'),
      rate: decimal($.text(ac, 'ram:CategoryTradeTax/ram:RateApplicablePercent'), 'allowance or charge VAT rate', warnings),
    });
  }
  // Extended profile: freight and the like as "logistics service charges", part of the charge total.
  for (const lc of $.all(parent, 'ram:SpecifiedLogisticsServiceCharge')) {
    const amount = decimal($.text(lc, 'ram:AppliedAmount'), 'logistics charge amount', warnings);
    if (amount === null) continue;
    out.push({
      charge: true,
      reason: $.text(lc, 'ram:Description'),
      amount,
      category: $.text(lc, 'ram:AppliedTradeTax/ram:CategoryCode'),
      rate: decimal($.text(lc, 'ram:AppliedTradeTax/ram:RateApplicablePercent'), 'logistics charge VAT rate', warnings),
    });
  }
  return out;
}

function date(el: XmlElement | undefined, what: string): string | null {
  return ciiDate(textOf(el), attr(el, 'format'), what);
}

/** The VAT total in the invoice currency (a second one may be in the tax currency, BT-111). */
function taxTotalAmount(amounts: XmlElement[], currency: string | null): XmlElement | undefined {
  if (amounts.length <= 1) return amounts[0];
  return amounts.find((a) => attr(a, 'currencyID') === currency) ?? amounts.find((a) => attr(a, 'currencyID') === null) ?? amounts[0];
}

function party(p: XmlElement | undefined): Party {
  const address = $.first(p, 'ram:PostalTradeAddress');
  const vat = $.all(p, 'ram:SpecifiedTaxRegistration/ram:ID').find((id) => VAT_SCHEMES.has(attr(id, 'schemeID') ?? ''));
  const country = $.text(address, 'ram:CountryID');
  return {
    name: $.text(p, 'ram:Name'),
    tradingName: $.text(p, 'ram:SpecifiedLegalOrganization/ram:TradingBusinessName'),
    vatId: textOf(vat),
    country,
    endpointId: schemed($.first(p, 'ram:URIUniversalCommunication/ram:URIID')),
    address: address
      ? {
          street: $.text(address, 'ram:LineOne'),
          additionalStreet: [$.text(address, 'ram:LineTwo'), $.text(address, 'ram:LineThree')].filter((l) => l !== null).join(', ') || null,
          city: $.text(address, 'ram:CityName'),
          postalCode: $.text(address, 'ram:PostcodeCode'),
          region: $.text(address, 'ram:CountrySubDivisionName'),
          country,
        }
      : null,
  };
}

function attachments(agreement: XmlElement | undefined, warnings: string[]): Attachment[] {
  return $.all(agreement, 'ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject').map((obj) =>
    attachmentFromBase64(obj.text, attr(obj, 'filename'), attr(obj, 'mimeCode'), warnings),
  );
}
