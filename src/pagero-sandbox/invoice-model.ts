import { ITEMS, VAT_RATES, type CatalogItem, type Language, type Party } from './catalog';
import { lineAmount, taxOf } from './money';
import { Prng, hashSeed } from './prng';

export type TaxCategory = 'S' | 'AE';

export interface InvoiceLine {
  id: string;
  name: string;
  sellersItemId: string;
  unitCode: string;
  quantityHundredths: number;
  priceCents: number;
  amountCents: number;
  taxCategory: TaxCategory;
  rateBasisPoints: number;
  orderLineId?: string;
}

export interface DocumentCharge {
  reason: string;
  /** UNCL 7161 code (FC = freight). */
  reasonCode: string;
  amountCents: number;
  taxCategory: TaxCategory;
  rateBasisPoints: number;
}

export interface TaxSubtotal {
  taxCategory: TaxCategory;
  rateBasisPoints: number;
  taxableCents: number;
  taxCents: number;
}

export interface InvoiceTotals {
  lineExtensionCents: number;
  chargeTotalCents: number;
  taxExclusiveCents: number;
  taxCents: number;
  taxInclusiveCents: number;
  payableCents: number;
}

export interface FatturaPaInfo {
  progressivoInvio: string;
  codiceDestinatario: string;
  filename: string;
}

export interface InvoiceModel {
  kind: 'Invoice' | 'CreditNote';
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  supplier: Party;
  customer: Party;
  buyerReference: string;
  orderReference?: string;
  /** For credit notes: the invoice being credited. */
  billingReference?: string;
  note?: string;
  lines: InvoiceLine[];
  charges: DocumentCharge[];
  taxSubtotals: TaxSubtotal[];
  totals: InvoiceTotals;
  paymentTermsNote: string;
  paymentDays: number;
  fatturaPa?: FatturaPaInfo;
}

export interface InvoiceSpec {
  kind: 'Invoice' | 'CreditNote';
  number: string;
  issueDate: string;
  supplier: Party;
  customer: Party;
  buyerReference: string;
  lineCount: number;
  orderReference?: string;
  billingReference?: string;
  withCharge?: boolean;
  /** SdI recipient code of the buyer; set for Italian-to-Italian invoices, which then carry FatturaPA. */
  codiceDestinatario?: string;
}

const FALLBACK_RATES = { standard: 2000, reduced: 1000, super: 500 };

const CHARGE_REASON: Record<Language, string> = { it: 'Spese di trasporto', de: 'Frachtkosten', sv: 'Fraktavgift', en: 'Freight charge' };
const PAYMENT_TERMS: Record<Language, (days: number) => string> = {
  it: (d) => `Pagamento a ${d} giorni data fattura tramite bonifico bancario`,
  de: (d) => `Zahlbar innerhalb von ${d} Tagen ohne Abzug`,
  sv: (d) => `Betalningsvillkor ${d} dagar netto`,
  en: (d) => `Payment within ${d} days of invoice date`,
};
const CREDIT_NOTE_REASON: Record<Language, string> = {
  it: 'Nota di credito per reso merce',
  de: 'Gutschrift für Rücksendung',
  sv: 'Kreditering avseende returnerade varor',
  en: 'Credit for returned goods',
};

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function currencyFor(supplier: Party): string {
  return supplier.country === 'SE' ? 'SEK' : 'EUR';
}

/** Each supplier sells a stable handful of items of its trade from its language's catalog. */
function supplierAssortment(supplier: Party): { item: CatalogItem; code: string }[] {
  const all = ITEMS[supplier.language];
  const matching = all.filter((item) => supplier.sells.includes(item.kind));
  const catalog = matching.length > 0 ? matching : all;
  const rng = new Prng(hashSeed('assortment', supplier.name));
  const picked = new Set<number>();
  const size = Math.min(5, catalog.length);
  while (picked.size < size) picked.add(rng.int(0, catalog.length - 1));
  return [...picked].map((index) => ({ item: catalog[index]!, code: `${supplier.name.slice(0, 3).toUpperCase()}-${10000 + all.indexOf(catalog[index]!) * 137}` }));
}

function quantityFor(item: CatalogItem, rng: Prng, small: boolean): number {
  if (item.fractional) return rng.int(2, small ? 8 : 160) * 25;
  const maxUnits = item.maxPriceCents > 20000 ? 4 : small ? 5 : 60;
  return rng.int(1, maxUnits) * 100;
}

/** Builds one invoice or credit note; every amount is integer cents and follows the EN 16931 sums. */
export function buildInvoice(spec: InvoiceSpec, rng: Prng): InvoiceModel {
  const { supplier, customer } = spec;
  const domestic = supplier.country === customer.country;
  const rates = VAT_RATES[customer.country] ?? FALLBACK_RATES;
  const assortment = supplierAssortment(supplier);
  const isCredit = spec.kind === 'CreditNote';

  const lines: InvoiceLine[] = [];
  for (let i = 1; i <= spec.lineCount; i++) {
    const { item, code } = rng.pick(assortment);
    const quantityHundredths = quantityFor(item, rng, isCredit);
    const priceCents = rng.int(item.minPriceCents, item.maxPriceCents);
    lines.push({
      id: String(i),
      name: item.name,
      sellersItemId: code,
      unitCode: item.unitCode,
      quantityHundredths,
      priceCents,
      amountCents: lineAmount(quantityHundredths, priceCents),
      taxCategory: domestic ? 'S' : 'AE',
      rateBasisPoints: domestic ? rates[item.rate ?? 'standard'] : 0,
      orderLineId: spec.orderReference ? String(i * 10) : undefined,
    });
  }

  const charges: DocumentCharge[] = [];
  if (spec.withCharge && !isCredit) {
    const scale = currencyFor(supplier) === 'SEK' ? 10 : 1;
    charges.push({
      reason: CHARGE_REASON[supplier.language],
      reasonCode: 'FC',
      amountCents: rng.int(1500, 9500) * scale,
      taxCategory: domestic ? 'S' : 'AE',
      rateBasisPoints: domestic ? rates.standard : 0,
    });
  }

  const taxSubtotals = new Map<string, TaxSubtotal>();
  const addTaxable = (taxCategory: TaxCategory, rateBasisPoints: number, cents: number) => {
    const key = `${taxCategory}:${rateBasisPoints}`;
    const subtotal = taxSubtotals.get(key) ?? { taxCategory, rateBasisPoints, taxableCents: 0, taxCents: 0 };
    subtotal.taxableCents += cents;
    taxSubtotals.set(key, subtotal);
  };
  for (const line of lines) addTaxable(line.taxCategory, line.rateBasisPoints, line.amountCents);
  for (const charge of charges) addTaxable(charge.taxCategory, charge.rateBasisPoints, charge.amountCents);
  for (const subtotal of taxSubtotals.values()) subtotal.taxCents = taxOf(subtotal.taxableCents, subtotal.rateBasisPoints);

  const lineExtensionCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  const chargeTotalCents = charges.reduce((sum, charge) => sum + charge.amountCents, 0);
  const taxExclusiveCents = lineExtensionCents + chargeTotalCents;
  const taxCents = [...taxSubtotals.values()].reduce((sum, s) => sum + s.taxCents, 0);
  const paymentDays = rng.pick([30, 30, 30, 45, 60]);

  let fatturaPa: FatturaPaInfo | undefined;
  if (spec.codiceDestinatario && supplier.country === 'IT' && customer.country === 'IT') {
    const progressivoInvio = rng.int(1, 99999).toString(36).toUpperCase().padStart(5, '0');
    fatturaPa = { progressivoInvio, codiceDestinatario: spec.codiceDestinatario, filename: `${supplier.vatNumber}_${progressivoInvio}.xml` };
  }

  return {
    kind: spec.kind,
    number: spec.number,
    issueDate: spec.issueDate,
    dueDate: addDays(spec.issueDate, paymentDays),
    currency: currencyFor(supplier),
    supplier,
    customer,
    buyerReference: spec.buyerReference,
    orderReference: spec.orderReference,
    billingReference: spec.billingReference,
    note: isCredit ? CREDIT_NOTE_REASON[supplier.language] : undefined,
    lines,
    charges,
    taxSubtotals: [...taxSubtotals.values()],
    totals: {
      lineExtensionCents,
      chargeTotalCents,
      taxExclusiveCents,
      taxCents,
      taxInclusiveCents: taxExclusiveCents + taxCents,
      payableCents: taxExclusiveCents + taxCents,
    },
    paymentTermsNote: PAYMENT_TERMS[supplier.language](paymentDays),
    paymentDays,
    fatturaPa,
  };
}

/** Expands a pattern such as `FT/{year}/#####` with a sequence number. */
export function invoiceNumber(pattern: string, year: number, seq: number): string {
  return pattern.replace('{year}', String(year)).replace(/#+/, (hashes) => String(seq).padStart(hashes.length, '0'));
}
