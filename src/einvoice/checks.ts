/** Consistency checks that never reject: they become warnings an AP clerk sees. */
import { add, compare, differs, div, mul, neg, round, sub, sum } from './decimal';
import type { Decimal, Invoice } from './model';

export function checkInvoice(inv: Invoice): void {
  const w = inv.warnings;
  const t = inv.totals;

  if (inv.lines.length === 0) w.push('The invoice has no lines.');
  if (inv.seller.name === null) w.push('The seller has no name.');

  const lineAmounts = inv.lines.map((l) => l.netAmount);
  if (t.lineNet !== null && lineAmounts.length > 0 && lineAmounts.every((a) => a !== null)) {
    const lines = sum(lineAmounts as Decimal[]);
    if (differs(lines, t.lineNet)) w.push(`The lines add up to ${lines}, but the invoice states a line total of ${t.lineNet}.`);
  }

  for (const st of inv.taxBreakdown) {
    if (st.rate === null || st.taxableAmount === null || st.taxAmount === null) continue;
    // taxable × rate / 100 to cents; EN 16931's own rule (BR-CO-17 since 1.3.x) allows ±1 for VAT summed per line or in whole units.
    const vat = round(mul(mul(st.taxableAmount, st.rate), '0.01'), 2);
    if (differs(vat, st.taxAmount, '1')) {
      w.push(`The VAT for category ${st.category ?? '?'} at ${st.rate}% is stated as ${st.taxAmount}, but ${st.rate}% of ${st.taxableAmount} is ${vat}.`);
    }
  }

  if (inv.format !== 'fatturapa') checkEn16931Totals(inv);

  if (inv.payeeIban !== null && looksLikeIban(inv.payeeIban) && !validIban(inv.payeeIban)) {
    w.push(`The payee IBAN ${inv.payeeIban} is not a valid IBAN (its check digits are wrong).`);
  }

  if (inv.dueDate !== null && inv.dueDate < inv.issueDate) {
    w.push(`The due date ${inv.dueDate} is before the issue date ${inv.issueDate}.`);
  }
}

/** EN 16931 BR-CO-10 … BR-CO-16 and the tax breakdown sums. */
function checkEn16931Totals(inv: Invoice): void {
  const w = inv.warnings;
  const t = inv.totals;
  const taxable = inv.taxBreakdown.map((s) => s.taxableAmount);
  if (t.taxExclusive !== null && taxable.length > 0 && taxable.every((a) => a !== null)) {
    const total = sum(taxable as Decimal[]);
    if (differs(total, t.taxExclusive)) w.push(`The VAT breakdown's taxable amounts add up to ${total}, but the total without VAT is ${t.taxExclusive}.`);
  }
  const taxes = inv.taxBreakdown.map((s) => s.taxAmount);
  if (t.tax !== null && taxes.length > 0 && taxes.every((a) => a !== null)) {
    const total = sum(taxes as Decimal[]);
    if (differs(total, t.tax)) w.push(`The VAT breakdown adds up to ${total}, but the VAT total is ${t.tax}.`);
  }
  if (t.lineNet !== null && t.taxExclusive !== null) {
    const expected = add(sub(t.lineNet, t.allowances ?? '0'), t.charges ?? '0');
    if (differs(expected, t.taxExclusive)) {
      w.push(`The total without VAT is ${t.taxExclusive}, but the line total less allowances plus charges is ${expected}.`);
    }
  }
  if (t.taxExclusive !== null && t.taxInclusive !== null) {
    const expected = add(t.taxExclusive, t.tax ?? '0');
    if (differs(expected, t.taxInclusive)) w.push(`The total with VAT is ${t.taxInclusive}, but the total without VAT plus VAT is ${expected}.`);
  }
  if (t.taxInclusive !== null && t.payable !== null) {
    const expected = add(sub(t.taxInclusive, t.prepaid ?? '0'), t.rounding ?? '0');
    if (differs(expected, t.payable)) {
      w.push(`The amount due is ${t.payable}, but it should be ${expected} (total with VAT less prepaid plus rounding).`);
    }
  }
}

export interface AllowanceCharge {
  charge: boolean;
  reason: string | null;
  amount: Decimal;
  category: string | null;
  rate: Decimal | null;
}

export interface LineAmounts {
  lineNumber: string | null;
  quantity: Decimal | null;
  price: Decimal | null;
  baseQuantity: Decimal | null;
  allowanceCharges: AllowanceCharge[];
  net: Decimal | null;
}

/** Line net = quantity × price ÷ base quantity + charges − allowances (EN 16931 BR-CO / Peppol rule), to the cent. */
export function checkLineNet(line: LineAmounts, warnings: string[]): void {
  const { quantity, price, net } = line;
  if (quantity === null || price === null || net === null) return;
  const base = line.baseQuantity !== null && compare(line.baseQuantity, '0') !== 0 ? line.baseQuantity : '1';
  let expected = div(mul(quantity, price), base, 2);
  for (const ac of line.allowanceCharges) expected = ac.charge ? add(expected, ac.amount) : sub(expected, ac.amount);
  // Amounts written in whole units (e.g. HUF) are rounded to the unit, so compare to the unit.
  const tolerance = compare(round(net, 0), net) === 0 ? '1' : '0.01';
  if (differs(expected, net, tolerance)) {
    const per = base === '1' ? '' : ` per ${base} units`;
    const adjusted = line.allowanceCharges.length > 0 ? ' after its allowances and charges' : '';
    warnings.push(`Line ${line.lineNumber ?? '?'} has a net amount of ${net}, but quantity ${quantity} at price ${price}${per} gives ${expected}${adjusted}.`);
  }
}

/** Each VAT breakdown entry's taxable amount = its lines + document charges − document allowances of that category and rate. */
export function checkCategoryBases(inv: Invoice, documentAllowanceCharges: AllowanceCharge[]): void {
  for (const ac of documentAllowanceCharges) {
    // Valid, but a stated discount or charge of nothing often means an agreed amount went missing.
    if (compare(ac.amount, '0') === 0) {
      inv.warnings.push(`The document-level ${ac.charge ? 'charge' : 'allowance'}${ac.reason ? ` "${ac.reason}"` : ''} has an amount of 0; check whether an agreed amount is missing.`);
    }
  }
  const key = (category: string | null, rate: Decimal | null) => `${category ?? ''}|${rate === null ? '' : round(rate, 4)}`;
  const bases = new Map<string, Decimal>();
  const addTo = (k: string, amount: Decimal) => bases.set(k, add(bases.get(k) ?? '0', amount));
  for (const l of inv.lines) if (l.netAmount !== null) addTo(key(l.taxCategory, l.taxRate), l.netAmount);
  for (const ac of documentAllowanceCharges) addTo(key(ac.category, ac.rate), ac.charge ? ac.amount : neg(ac.amount));
  const stated = new Set<string>();
  for (const st of inv.taxBreakdown) {
    const k = key(st.category, st.rate);
    stated.add(k);
    // Category O and E may omit the rate on lines but give 0 in the breakdown; match them by category alone.
    const computed = bases.get(k) ?? (st.rate !== null && compare(st.rate, '0') === 0 ? bases.get(key(st.category, null)) : undefined);
    if (st.taxableAmount === null) continue;
    if (computed === undefined) {
      inv.warnings.push(`The VAT breakdown has an entry for category ${st.category ?? '?'}${st.rate !== null ? ` at ${st.rate}%` : ''}, but no line or document allowance or charge has that category.`);
    } else if (differs(computed, st.taxableAmount)) {
      inv.warnings.push(`The VAT breakdown gives a taxable amount of ${st.taxableAmount} for category ${st.category ?? '?'}${st.rate !== null ? ` at ${st.rate}%` : ''}, but the lines, allowances and charges of that category add up to ${computed}.`);
    }
  }
}

const compact = (iban: string) => iban.replace(/[\s-]/g, '').toUpperCase();

function looksLikeIban(iban: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(compact(iban));
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, remainder mod 97 must be 1. */
export function validIban(iban: string): boolean {
  const s = compact(iban);
  if (s.length < 15 || s.length > 34) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}
