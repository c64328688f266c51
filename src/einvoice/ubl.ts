/** UBL 2.1 Invoice / CreditNote (Peppol BIS Billing 3.0, EN 16931) into the invoice model. */
import { checkCategoryBases, checkLineNet, type AllowanceCharge } from './checks';
import type { Address, Attachment, Invoice, InvoiceLine, Party, TaxSubtotal } from './model';
import { Selector } from './select';
import { CREDIT_TYPE_CODES, attachmentFromBase64, decimal, isoDate, schemed, xsTrue } from './values';
import { attr, textOf, type XmlElement } from './xml';
import { reject } from './reject';

export const UBL_INVOICE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
export const UBL_CREDIT_NOTE_NS = 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2';
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

const $ = new Selector({ cac: [CAC], cbc: [CBC] });

export function readUbl(root: XmlElement): Invoice {
  const warnings: string[] = [];
  const isCreditNote = root.name === 'CreditNote';
  const money = (el: XmlElement, path: string, what: string) => decimal($.text(el, path), what, warnings);

  const invoiceNumber = $.text(root, 'cbc:ID') ?? reject('The invoice has no invoice number (cbc:ID).');
  const issueDate = isoDate($.text(root, 'cbc:IssueDate'), 'issue date') ?? reject('The invoice has no issue date (cbc:IssueDate).');
  const typeCode = $.text(root, isCreditNote ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode');
  const currency = $.text(root, 'cbc:DocumentCurrencyCode');

  const paymentMeans = $.all(root, 'cac:PaymentMeans');
  const dueDateRaw =
    $.text(root, 'cbc:DueDate') ?? paymentMeans.map((pm) => $.text(pm, 'cbc:PaymentDueDate')).find((d) => d !== null) ?? null;

  const taxTotal = documentTaxTotal($.all(root, 'cac:TaxTotal'), currency);
  const totals = $.first(root, 'cac:LegalMonetaryTotal');

  const lineElements = $.all(root, isCreditNote ? 'cac:CreditNoteLine' : 'cac:InvoiceLine');
  const invoice: Invoice = {
    format: 'ubl',
    documentType: isCreditNote || (typeCode !== null && CREDIT_TYPE_CODES.has(typeCode)) ? 'credit_note' : 'invoice',
    typeCode,
    invoiceNumber,
    issueDate,
    dueDate: isoDate(dueDateRaw, 'due date'),
    currency,
    seller: party($.first(root, 'cac:AccountingSupplierParty/cac:Party')),
    buyer: party($.first(root, 'cac:AccountingCustomerParty/cac:Party')),
    buyerReference: $.text(root, 'cbc:BuyerReference'),
    orderReference: $.text(root, 'cac:OrderReference/cbc:ID'),
    billingReference: $.text(root, 'cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID'),
    paymentTerms: $.texts(root, 'cac:PaymentTerms/cbc:Note').join('\n') || null,
    payeeIban: paymentMeans.map((pm) => $.text(pm, 'cac:PayeeFinancialAccount/cbc:ID')).find((v) => v !== null) ?? null,
    totals: {
      lineNet: totals ? money(totals, 'cbc:LineExtensionAmount', 'line total') : null,
      allowances: totals ? money(totals, 'cbc:AllowanceTotalAmount', 'allowance total') : null,
      charges: totals ? money(totals, 'cbc:ChargeTotalAmount', 'charge total') : null,
      taxExclusive: totals ? money(totals, 'cbc:TaxExclusiveAmount', 'total without VAT') : null,
      tax: taxTotal ? money(taxTotal, 'cbc:TaxAmount', 'VAT total') : null,
      taxInclusive: totals ? money(totals, 'cbc:TaxInclusiveAmount', 'total with VAT') : null,
      prepaid: totals ? money(totals, 'cbc:PrepaidAmount', 'prepaid amount') : null,
      rounding: totals ? money(totals, 'cbc:PayableRoundingAmount', 'rounding amount') : null,
      withholding: null,
      payable: totals ? money(totals, 'cbc:PayableAmount', 'amount due') : null,
    },
    taxBreakdown: $.all(taxTotal ?? undefined, 'cac:TaxSubtotal').map(
      (st): TaxSubtotal => ({
        category: $.text(st, 'cac:TaxCategory/cbc:ID'),
        rate: money(st, 'cac:TaxCategory/cbc:Percent', 'VAT rate'),
        taxableAmount: money(st, 'cbc:TaxableAmount', 'VAT taxable amount'),
        taxAmount: money(st, 'cbc:TaxAmount', 'VAT amount'),
      }),
    ),
    lines: lineElements.map((line): InvoiceLine => {
      const quantity = $.first(line, isCreditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity');
      const item = $.first(line, 'cac:Item');
      return {
        lineNumber: $.text(line, 'cbc:ID'),
        name: $.text(item, 'cbc:Name'),
        description: $.text(item, 'cbc:Description'),
        quantity: decimal(textOf(quantity), 'line quantity', warnings),
        unitCode: attr(quantity, 'unitCode'),
        unitPrice: money(line, 'cac:Price/cbc:PriceAmount', 'line unit price'),
        netAmount: money(line, 'cbc:LineExtensionAmount', 'line net amount'),
        taxCategory: $.text(item, 'cac:ClassifiedTaxCategory/cbc:ID'),
        taxRate: decimal($.text(item, 'cac:ClassifiedTaxCategory/cbc:Percent'), 'line VAT rate', warnings),
        sellerItemId: $.text(item, 'cac:SellersItemIdentification/cbc:ID'),
        standardItemId: $.text(item, 'cac:StandardItemIdentification/cbc:ID'),
        orderLineReference: $.text(line, 'cac:OrderLineReference/cbc:LineID'),
      };
    }),
    attachments: attachments(root, warnings),
    warnings,
  };
  lineElements.forEach((el, i) => {
    const line = invoice.lines[i]!;
    checkLineNet(
      {
        lineNumber: line.lineNumber,
        quantity: line.quantity,
        price: line.unitPrice,
        baseQuantity: decimal($.text(el, 'cac:Price/cbc:BaseQuantity'), 'price base quantity', warnings),
        allowanceCharges: allowanceCharges(el, warnings),
        net: line.netAmount,
      },
      warnings,
    );
  });
  checkCategoryBases(invoice, allowanceCharges(root, warnings));
  return invoice;
}

function allowanceCharges(parent: XmlElement, warnings: string[]): AllowanceCharge[] {
  const out: AllowanceCharge[] = [];
  for (const ac of $.all(parent, 'cac:AllowanceCharge')) {
    const amount = decimal($.text(ac, 'cbc:Amount'), 'allowance or charge amount', warnings);
    if (amount === null) continue;
    out.push({
      charge: xsTrue($.text(ac, 'cbc:ChargeIndicator')),
      reason: $.text(ac, 'cbc:AllowanceChargeReason'),
      amount,
      category: $.text(ac, 'cac:TaxCategory/cbc:ID'),
      rate: decimal($.text(ac, 'cac:TaxCategory/cbc:Percent'), 'allowance or charge VAT rate', warnings),
    });
  }
  return out;
}

/** The TaxTotal in the document currency (a second one may state VAT in the tax currency, BT-111). */
function documentTaxTotal(taxTotals: XmlElement[], currency: string | null): XmlElement | null {
  if (taxTotals.length <= 1) return taxTotals[0] ?? null;
  return (
    taxTotals.find((t) => currency !== null && attr($.first(t, 'cbc:TaxAmount'), 'currencyID') === currency) ??
    taxTotals.find((t) => $.first(t, 'cac:TaxSubtotal')) ??
    taxTotals[0]!
  );
}

function party(p: XmlElement | undefined): Party {
  const tradingName = $.text(p, 'cac:PartyName/cbc:Name');
  const vatScheme = $.all(p, 'cac:PartyTaxScheme').find((s) => $.text(s, 'cac:TaxScheme/cbc:ID')?.toUpperCase() === 'VAT');
  const endpoint = $.first(p, 'cbc:EndpointID');
  const address = postalAddress($.first(p, 'cac:PostalAddress'));
  return {
    name: $.text(p, 'cac:PartyLegalEntity/cbc:RegistrationName') ?? tradingName,
    tradingName,
    vatId: $.text(vatScheme, 'cbc:CompanyID'),
    country: address?.country ?? null,
    endpointId: schemed(endpoint),
    address,
  };
}

function postalAddress(a: XmlElement | undefined): Address | null {
  if (!a) return null;
  return {
    street: $.text(a, 'cbc:StreetName'),
    additionalStreet: $.text(a, 'cbc:AdditionalStreetName'),
    city: $.text(a, 'cbc:CityName'),
    postalCode: $.text(a, 'cbc:PostalZone'),
    region: $.text(a, 'cbc:CountrySubentity'),
    country: $.text(a, 'cac:Country/cbc:IdentificationCode'),
  };
}


function attachments(root: XmlElement, warnings: string[]): Attachment[] {
  const out: Attachment[] = [];
  for (const obj of $.all(root, 'cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject')) {
    out.push(attachmentFromBase64(obj.text, attr(obj, 'filename'), attr(obj, 'mimeCode'), warnings));
  }
  return out;
}
