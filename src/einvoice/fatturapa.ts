/** Italian FatturaPA 1.2 (FPR12 / FPA12): one invoice per FatturaElettronicaBody. */
import { add, compare, differs, sub, sum } from './decimal';
import type { Address, Attachment, Decimal, Invoice, InvoiceLine, Party, TaxSubtotal } from './model';
import { reject } from './reject';
import { Selector } from './select';
import { attachmentFromBase64, decimal, isoDate } from './values';
import type { XmlElement } from './xml';

export const FATTURAPA_NS = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2';

// Children are unqualified by the schema; some producers put them in the default namespace anyway.
const $ = new Selector({ '': ['', FATTURAPA_NS] });

const CREDIT_NOTE_TYPES = new Set(['TD04', 'TD08']);
const PAYMENT_CONDITIONS: Record<string, string> = {
  TP01: 'TP01 (payment in instalments)',
  TP02: 'TP02 (full payment)',
  TP03: 'TP03 (advance payment)',
};
const MIME_BY_FORMAT: Record<string, string> = {
  PDF: 'application/pdf',
  XML: 'application/xml',
  TXT: 'text/plain',
  ZIP: 'application/zip',
  JPG: 'image/jpeg',
  JPEG: 'image/jpeg',
  PNG: 'image/png',
  P7M: 'application/pkcs7-mime',
  HTML: 'text/html',
  CSV: 'text/csv',
};
const STANDARD_ITEM_SCHEMES = /^(EAN|GTIN|UPC|ISBN|EAN13|EAN8)$/i;

export function readFatturaPa(root: XmlElement): Invoice[] {
  const header = $.first(root, 'FatturaElettronicaHeader');
  if (!header) reject('The FatturaPA document has no FatturaElettronicaHeader.');
  const bodies = $.all(root, 'FatturaElettronicaBody');
  if (bodies.length === 0) reject('The FatturaPA document has no FatturaElettronicaBody, so it holds no invoice.');
  const transmission = $.first(header, 'DatiTrasmissione');
  const buyerEndpoint = nonDefault($.text(transmission, 'CodiceDestinatario')) ?? $.text(transmission, 'PECDestinatario');
  return bodies.map((body, i) => readBody(body, header, buyerEndpoint, bodies.length > 1 ? ` in body ${i + 1}` : ''));
}

function readBody(body: XmlElement, header: XmlElement, buyerEndpoint: string | null, where: string): Invoice {
  const warnings: string[] = [];
  const num = (el: XmlElement | undefined, path: string, what: string) => decimal($.text(el, path), what, warnings);
  const nums = (el: XmlElement | undefined, path: string, what: string) =>
    $.texts(el, path).map((t) => decimal(t, what, warnings)).filter((d) => d !== null);

  const general = $.first(body, 'DatiGenerali/DatiGeneraliDocumento');
  const invoiceNumber = $.text(general, 'Numero') ?? reject(`The invoice${where} has no invoice number (Numero).`);
  const issueDate = isoDate($.text(general, 'Data'), 'issue date') ?? reject(`The invoice${where} has no issue date (Data).`);
  const typeCode = $.text(general, 'TipoDocumento');

  const lineElements = $.all(body, 'DatiBeniServizi/DettaglioLinee');
  const lines = lineElements.map((l) => line(l, warnings));
  attachOrderLineReferences(body, lines);

  const summaries = $.all(body, 'DatiBeniServizi/DatiRiepilogo');
  const taxBreakdown = summaries.map(
    (r): TaxSubtotal => ({
      category: $.text(r, 'Natura') ?? 'S',
      rate: num(r, 'AliquotaIVA', 'VAT rate'),
      taxableAmount: num(r, 'ImponibileImporto', 'VAT taxable amount'),
      taxAmount: num(r, 'Imposta', 'VAT amount'),
    }),
  );
  const taxExclusive = sumOrNull(taxBreakdown.map((t) => t.taxableAmount));
  const tax = sumOrNull(taxBreakdown.map((t) => t.taxAmount));

  let taxInclusive = num(general, 'ImportoTotaleDocumento', 'document total (ImportoTotaleDocumento)');
  if (taxInclusive === null && taxExclusive !== null) {
    taxInclusive = add(taxExclusive, tax ?? '0');
    warnings.push(`The document total (ImportoTotaleDocumento) is missing; ${taxInclusive} was computed from the VAT summary (DatiRiepilogo).`);
  }
  const withholding = sumOrNull(nums(general, 'DatiRitenuta/ImportoRitenuta', 'withholding amount'));
  const payments = $.all(body, 'DatiPagamento/DettaglioPagamento');
  const instalments = payments.map((p) => num(p, 'ImportoPagamento', 'payment amount')).filter((d) => d !== null);
  const payable = instalments.length > 0 ? sum(instalments) : taxInclusive !== null ? sub(taxInclusive, withholding ?? '0') : null;
  const discounts = $.all(general, 'ScontoMaggiorazione');
  const dueDates = payments.map((p) => isoDate($.text(p, 'DataScadenzaPagamento'), 'payment due date')).filter((d) => d !== null);

  const invoice: Invoice = {
    format: 'fatturapa',
    documentType: typeCode !== null && CREDIT_NOTE_TYPES.has(typeCode) ? 'credit_note' : 'invoice',
    typeCode,
    invoiceNumber,
    issueDate,
    dueDate: dueDates.sort()[0] ?? null,
    currency: $.text(general, 'Divisa'),
    seller: party($.first(header, 'CedentePrestatore'), null),
    buyer: party($.first(header, 'CessionarioCommittente'), buyerEndpoint),
    buyerReference: $.text(header, 'CedentePrestatore/RiferimentoAmministrazione'),
    orderReference: $.text(body, 'DatiGenerali/DatiOrdineAcquisto/IdDocumento'),
    billingReference: $.text(body, 'DatiGenerali/DatiFattureCollegate/IdDocumento'),
    paymentTerms: $.texts(body, 'DatiPagamento/CondizioniPagamento').map((c) => PAYMENT_CONDITIONS[c] ?? c).join('\n') || null,
    payeeIban: payments.map((p) => $.text(p, 'IBAN')).find((v) => v !== null) ?? null,
    totals: {
      lineNet: sumOrNull(lines.map((l) => l.netAmount)),
      allowances: sumOrNull(discounts.filter((d) => $.text(d, 'Tipo') === 'SC').map((d) => num(d, 'Importo', 'discount amount'))),
      charges: sumOrNull(discounts.filter((d) => $.text(d, 'Tipo') === 'MG').map((d) => num(d, 'Importo', 'surcharge amount'))),
      taxExclusive,
      tax,
      taxInclusive,
      prepaid: null,
      rounding: num(general, 'Arrotondamento', 'rounding amount'),
      withholding,
      payable,
    },
    taxBreakdown,
    lines,
    attachments: attachments(body, warnings),
    warnings,
  };
  checkSummaries(body, summaries, lines, warnings);
  // A discount given only as a percentage has no stated base, so the document total cannot be checked against it.
  const discountsKnown = discounts.every((d) => $.text(d, 'Importo') !== null);
  checkPayable(invoice, summaries, { statedPayments: instalments.length > 0, discountsKnown }, num(general, 'DatiBollo/ImportoBollo', 'stamp duty'), warnings);
  return invoice;
}

function line(l: XmlElement, warnings: string[]): InvoiceLine {
  const codes = $.all(l, 'CodiceArticolo');
  const standard = codes.find((c) => STANDARD_ITEM_SCHEMES.test($.text(c, 'CodiceTipo') ?? ''));
  const seller = codes.find((c) => c !== standard);
  return {
    lineNumber: $.text(l, 'NumeroLinea'),
    name: $.text(l, 'Descrizione'),
    description: null,
    quantity: decimal($.text(l, 'Quantita'), 'line quantity', warnings),
    unitCode: $.text(l, 'UnitaMisura'),
    unitPrice: decimal($.text(l, 'PrezzoUnitario'), 'line unit price', warnings),
    netAmount: decimal($.text(l, 'PrezzoTotale'), 'line total price', warnings),
    taxCategory: $.text(l, 'Natura') ?? 'S',
    taxRate: decimal($.text(l, 'AliquotaIVA'), 'line VAT rate', warnings),
    sellerItemId: $.text(seller, 'CodiceValore'),
    standardItemId: $.text(standard, 'CodiceValore'),
    orderLineReference: null,
  };
}

/** DatiOrdineAcquisto names the lines it covers (RiferimentoNumeroLinea) and the order line (NumItem). */
function attachOrderLineReferences(body: XmlElement, lines: InvoiceLine[]): void {
  for (const order of $.all(body, 'DatiGenerali/DatiOrdineAcquisto')) {
    const item = $.text(order, 'NumItem');
    if (item === null) continue;
    for (const n of $.texts(order, 'RiferimentoNumeroLinea')) {
      const target = lines.find((l) => l.lineNumber === n);
      if (target) target.orderLineReference = item;
    }
  }
}

function party(p: XmlElement | undefined, endpointId: string | null): Party {
  const data = $.first(p, 'DatiAnagrafici');
  const registry = $.first(data, 'Anagrafica');
  const person = [$.text(registry, 'Nome'), $.text(registry, 'Cognome')].filter((s) => s !== null).join(' ');
  const vatCountry = $.text(data, 'IdFiscaleIVA/IdPaese');
  const vatCode = $.text(data, 'IdFiscaleIVA/IdCodice');
  const seat = $.first(p, 'Sede');
  const address: Address | null = seat
    ? {
        street: [$.text(seat, 'Indirizzo'), $.text(seat, 'NumeroCivico')].filter((s) => s !== null).join(', ') || null,
        additionalStreet: null,
        city: $.text(seat, 'Comune'),
        postalCode: $.text(seat, 'CAP'),
        region: $.text(seat, 'Provincia'),
        country: $.text(seat, 'Nazione'),
      }
    : null;
  return {
    name: $.text(registry, 'Denominazione') ?? (person || null),
    tradingName: null,
    vatId: vatCode !== null ? `${vatCountry ?? ''}${vatCode}` : null,
    country: address?.country ?? vatCountry,
    endpointId,
    address,
  };
}

function attachments(body: XmlElement, warnings: string[]): Attachment[] {
  return $.all(body, 'Allegati').map((a) => {
    const format = $.text(a, 'FormatoAttachment');
    const el = $.first(a, 'Attachment');
    return attachmentFromBase64(el?.text ?? '', $.text(a, 'NomeAttachment'), format ? (MIME_BY_FORMAT[format.toUpperCase()] ?? format) : null, warnings);
  });
}

/** Each DatiRiepilogo must equal its lines (+ fund contributions, expenses, rounding); SdI tolerates 1 euro. */
function checkSummaries(body: XmlElement, summaries: XmlElement[], lines: InvoiceLine[], warnings: string[]): void {
  const funds = $.all(body, 'DatiGenerali/DatiGeneraliDocumento/DatiCassaPrevidenziale');
  for (const r of summaries) {
    const rate = $.text(r, 'AliquotaIVA');
    const nature = $.text(r, 'Natura');
    const taxable = $.text(r, 'ImponibileImporto');
    if (rate === null || taxable === null) continue;
    const sameRate = (aliquota: string | null, natura: string | null) =>
      aliquota !== null && safeCompare(aliquota, rate) === 0 && (natura ?? null) === nature;
    const parts: (Decimal | null)[] = [
      ...lines.filter((l) => sameRate(l.taxRate, l.taxCategory === 'S' ? null : l.taxCategory)).map((l) => l.netAmount),
      ...funds.filter((f) => sameRate($.text(f, 'AliquotaIVA'), $.text(f, 'Natura'))).map((f) => $.text(f, 'ImportoContributoCassa')),
      $.text(r, 'SpeseAccessorie'),
      $.text(r, 'Arrotondamento'),
    ];
    const expected = safeSum(parts);
    if (expected !== null && safeDiffers(expected, taxable, '1')) {
      warnings.push(`The VAT summary for rate ${rate}%${nature ? ` (${nature})` : ''} states a taxable amount of ${taxable}, but its lines add up to ${expected}.`);
    }
  }
}

/** ImportoTotaleDocumento and the payments should follow from the VAT summary, withholding and split payment. */
function checkPayable(
  inv: Invoice,
  summaries: XmlElement[],
  { statedPayments, discountsKnown }: { statedPayments: boolean; discountsKnown: boolean },
  stampDuty: string | null,
  warnings: string[],
): void {
  const { taxExclusive, tax, taxInclusive, withholding, rounding, payable } = inv.totals;
  if (discountsKnown && taxExclusive !== null && tax !== null && taxInclusive !== null) {
    const base = add(taxExclusive, tax);
    // Document-level discounts/surcharges, rounding and stamp duty may all be part of ImportoTotaleDocumento.
    const discounted = add(sub(base, inv.totals.allowances ?? '0'), inv.totals.charges ?? '0');
    // Rounding may be stated for the document or in each VAT summary.
    const summaryRounding = safeSum(summaries.map((r) => $.text(r, 'Arrotondamento'))) ?? '0';
    const roundings = [rounding ?? '0', summaryRounding];
    const extras = ['0', stampDuty ?? '0', ...roundings, ...roundings.map((r) => add(r, stampDuty ?? '0'))];
    const candidates = [base, discounted].flatMap((b) => extras.map((e) => add(b, e)));
    if (candidates.every((c) => differs(c, taxInclusive, '0.01'))) {
      const lessWithholding = withholding !== null && !differs(sub(base, withholding), taxInclusive, '0.01');
      const deducted = `The document total ${taxInclusive} is the taxable amounts plus VAT (${base}) less the withholding ${withholding}: the supplier seems to have deducted the withholding already`;
      warnings.push(
        !lessWithholding
          ? `The document total ${taxInclusive} does not equal the taxable amounts plus VAT (${base}).`
          : statedPayments
            ? `${deducted}.`
            : `${deducted}, so the amount due (${payable}) may be too low.`,
      );
    }
  }
  const splitTax = safeSum(summaries.filter((r) => $.text(r, 'EsigibilitaIVA') === 'S').map((r) => $.text(r, 'Imposta'))) ?? '0';
  if (!statedPayments && payable !== null && compare(splitTax, '0') !== 0) {
    warnings.push(`Split payment (scissione dei pagamenti): the VAT of ${splitTax} is paid by the buyer to the State, so the supplier is owed ${sub(payable, splitTax)}.`);
  }
  if (statedPayments && payable !== null && taxInclusive !== null) {
    const net = sub(taxInclusive, withholding ?? '0');
    const candidates = [net, sub(net, splitTax), taxInclusive, add(net, stampDuty ?? '0'), add(sub(net, splitTax), stampDuty ?? '0')];
    if (candidates.every((c) => differs(c, payable, '0.01'))) {
      warnings.push(`The payments add up to ${payable}, which does not follow from the document total ${taxInclusive}${withholding ? ` less withholding ${withholding}` : ''}.`);
    }
  }
}

function sumOrNull(values: (Decimal | null)[]): Decimal | null {
  const present = values.filter((v) => v !== null);
  return present.length > 0 ? sum(present) : null;
}

function safeSum(values: (string | null)[]): Decimal | null {
  try {
    return sumOrNull(values);
  } catch {
    return null;
  }
}

function safeCompare(a: string, b: string): number | null {
  try {
    return compare(a, b);
  } catch {
    return null;
  }
}

function safeDiffers(a: string, b: string, tolerance: string): boolean {
  try {
    return differs(a, b, tolerance);
  } catch {
    return false;
  }
}

function nonDefault(code: string | null): string | null {
  return code === null || /^0+$/.test(code) ? null : code;
}
