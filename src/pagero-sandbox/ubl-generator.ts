import type { Party } from './catalog';
import { renderFatturaPa } from './fatturapa-generator';
import type { InvoiceModel, TaxCategory } from './invoice-model';
import { formatCents, formatQuantity, formatRate } from './money';
import type { DocumentInfo } from './types';
import { block, el, type XmlBlock } from './xml';

const NAMESPACES = 'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"';
const PEPPOL_CUSTOMIZATION = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
const PEPPOL_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const CONTACT_NAME: Record<Party['language'], string> = { it: 'Ufficio amministrazione', de: 'Buchhaltung', sv: 'Ekonomiavdelningen', en: 'Accounts' };

function party(p: Party, role: 'AccountingSupplierParty' | 'AccountingCustomerParty'): XmlBlock {
  return block(`cac:${role}`, [
    block('cac:Party', [
      el('cbc:EndpointID', p.endpoint.id, { schemeID: p.endpoint.scheme }),
      block('cac:PartyName', [el('cbc:Name', p.name)]),
      block('cac:PostalAddress', [
        el('cbc:StreetName', p.street),
        el('cbc:CityName', p.city),
        el('cbc:PostalZone', p.postalZone),
        p.province ? el('cbc:CountrySubentity', p.province) : undefined,
        block('cac:Country', [el('cbc:IdentificationCode', p.country)]),
      ]),
      block('cac:PartyTaxScheme', [el('cbc:CompanyID', p.vatNumber), block('cac:TaxScheme', [el('cbc:ID', 'VAT')])]),
      // Danish rules (DK-R-002) want the CVR number as the legal registration: the VAT number's digits.
      block('cac:PartyLegalEntity', [el('cbc:RegistrationName', p.name), p.country === 'DK' ? el('cbc:CompanyID', p.vatNumber.slice(2), { schemeID: '0184' }) : undefined]),
      block('cac:Contact', [el('cbc:Name', CONTACT_NAME[p.language]), el('cbc:Telephone', p.telephone), el('cbc:ElectronicMail', p.email)]),
    ]),
  ]);
}

function taxCategory(tag: string, category: TaxCategory, rateBasisPoints: number, withExemption: boolean): XmlBlock {
  return block(tag, [
    el('cbc:ID', category),
    el('cbc:Percent', formatRate(rateBasisPoints)),
    withExemption && category === 'AE' ? el('cbc:TaxExemptionReasonCode', 'VATEX-EU-AE') : undefined,
    withExemption && category === 'AE' ? el('cbc:TaxExemptionReason', 'Reverse charge') : undefined,
    block('cac:TaxScheme', [el('cbc:ID', 'VAT')]),
  ]);
}

function fatturaPaAttachment(model: InvoiceModel): XmlBlock | undefined {
  if (!model.fatturaPa) return undefined;
  const base64 = Buffer.from(renderFatturaPa(model), 'utf8').toString('base64');
  return block('cac:AdditionalDocumentReference', [
    el('cbc:ID', model.fatturaPa.filename),
    el('cbc:DocumentDescription', 'FatturaPA'),
    block('cac:Attachment', [el('cbc:EmbeddedDocumentBinaryObject', base64, { mimeCode: 'application/xml', filename: model.fatturaPa.filename })]),
  ]);
}

/** Peppol BIS Billing 3.0 UBL Invoice or CreditNote; Italian domestic invoices embed their FatturaPA. */
export function renderUbl(model: InvoiceModel): string {
  const isCredit = model.kind === 'CreditNote';
  const amount = (tag: string, cents: number) => el(tag, formatCents(cents), { currencyID: model.currency });
  const lineTag = isCredit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const quantityTag = isCredit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity';

  const lines = model.lines.map((line) =>
    block(lineTag, [
      el('cbc:ID', line.id),
      el(quantityTag, formatQuantity(line.quantityHundredths), { unitCode: line.unitCode }),
      amount('cbc:LineExtensionAmount', line.amountCents),
      line.orderLineId ? block('cac:OrderLineReference', [el('cbc:LineID', line.orderLineId)]) : undefined,
      block('cac:Item', [
        el('cbc:Name', line.name),
        block('cac:SellersItemIdentification', [el('cbc:ID', line.sellersItemId)]),
        taxCategory('cac:ClassifiedTaxCategory', line.taxCategory, line.rateBasisPoints, false),
      ]),
      block('cac:Price', [amount('cbc:PriceAmount', line.priceCents)]),
    ]),
  );

  const rootTag = isCredit
    ? `CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" ${NAMESPACES}`
    : `Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ${NAMESPACES}`;
  const root = block(rootTag, [
    el('cbc:CustomizationID', PEPPOL_CUSTOMIZATION),
    el('cbc:ProfileID', PEPPOL_PROFILE),
    el('cbc:ID', model.number),
    el('cbc:IssueDate', model.issueDate),
    isCredit ? undefined : el('cbc:DueDate', model.dueDate),
    el(isCredit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', isCredit ? '381' : '380'),
    model.note ? el('cbc:Note', model.note) : undefined,
    el('cbc:DocumentCurrencyCode', model.currency),
    el('cbc:BuyerReference', model.buyerReference),
    model.orderReference ? block('cac:OrderReference', [el('cbc:ID', model.orderReference)]) : undefined,
    model.billingReference ? block('cac:BillingReference', [block('cac:InvoiceDocumentReference', [el('cbc:ID', model.billingReference)])]) : undefined,
    fatturaPaAttachment(model),
    party(model.supplier, 'AccountingSupplierParty'),
    party(model.customer, 'AccountingCustomerParty'),
    block('cac:PaymentMeans', [
      el('cbc:PaymentMeansCode', model.currency === 'EUR' ? '58' : '30', { name: 'Credit transfer' }),
      el('cbc:PaymentID', model.number),
      block('cac:PayeeFinancialAccount', [el('cbc:ID', model.supplier.iban), el('cbc:Name', model.supplier.name)]),
    ]),
    block('cac:PaymentTerms', [el('cbc:Note', model.paymentTermsNote)]),
    ...model.charges.map((charge) =>
      block('cac:AllowanceCharge', [
        el('cbc:ChargeIndicator', 'true'),
        el('cbc:AllowanceChargeReasonCode', charge.reasonCode),
        el('cbc:AllowanceChargeReason', charge.reason),
        amount('cbc:Amount', charge.amountCents),
        taxCategory('cac:TaxCategory', charge.taxCategory, charge.rateBasisPoints, false),
      ]),
    ),
    block('cac:TaxTotal', [
      amount('cbc:TaxAmount', model.totals.taxCents),
      ...model.taxSubtotals.map((subtotal) =>
        block('cac:TaxSubtotal', [
          amount('cbc:TaxableAmount', subtotal.taxableCents),
          amount('cbc:TaxAmount', subtotal.taxCents),
          taxCategory('cac:TaxCategory', subtotal.taxCategory, subtotal.rateBasisPoints, true),
        ]),
      ),
    ]),
    block('cac:LegalMonetaryTotal', [
      amount('cbc:LineExtensionAmount', model.totals.lineExtensionCents),
      amount('cbc:TaxExclusiveAmount', model.totals.taxExclusiveCents),
      amount('cbc:TaxInclusiveAmount', model.totals.taxInclusiveCents),
      model.totals.chargeTotalCents > 0 ? amount('cbc:ChargeTotalAmount', model.totals.chargeTotalCents) : undefined,
      amount('cbc:PayableAmount', model.totals.payableCents),
    ]),
    ...lines,
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

/** The list metadata Pagero shows for a received invoice or credit note. */
export function invoiceDocumentInfo(model: InvoiceModel): DocumentInfo {
  return {
    direction: 'Received',
    documentType: 'Invoice',
    documentSubType: model.kind === 'CreditNote' ? 'Credit' : 'Debit',
    documentIdentifier: model.number,
    issueDate: model.issueDate,
    amounts: {
      currency: model.currency,
      netAmount: formatCents(model.totals.taxExclusiveCents),
      vatAmount: formatCents(model.totals.taxCents),
      totalAmount: formatCents(model.totals.taxInclusiveCents),
    },
  };
}
