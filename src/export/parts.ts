/*
 * An invoice as export rows: one per coded part of a line (a line not coded is one part
 * with no codes; an invoice without lines is one row of its totals).
 *
 * Tax per part. The supplier states tax per category and rate (the tax breakdown), not per
 * line; computing it per row would not add up to the invoice's tax after rounding. So the
 * breakdown's tax is shared among the parts of that category and rate by their net amounts,
 * rounded half away from zero to the breakdown's precision (at least cents), and the last
 * part takes the remainder: the rows of a rate add up to the supplier's tax exactly. A part
 * whose rate has no breakdown gets net × rate / 100, rounded to cents.
 *
 *   net   = the part's amount (the line's net amount when not split)
 *   tax   = as above
 *   gross = net + tax
 */
import { add, compare, div, mul, round, sub, toScaled } from '../einvoice/decimal';
import type { PartRow } from './columns';

export type InvoiceHeader = Omit<PartRow, 'lineNumber' | 'lineDescription' | 'part' | 'glAccount' | 'costCentre' | 'taxCode' | 'taxCategory' | 'taxRate' | 'net' | 'tax' | 'gross' | 'orderLineReference' | 'supplierItemId'>;

export type LinePart = {
  lineNumber: string | null;
  lineDescription: string | null;
  taxCategory: string | null;
  taxRate: string | null;
  orderLineReference: string | null;
  supplierItemId: string | null;
  /** The part's position in its line, null when the line is not coded. */
  part: number | null;
  amount: string;
  glAccount: string | null;
  costCentre: string | null;
  taxCode: string | null;
};

export type TaxBreakdown = { category: string | null; rate: string | null; taxAmount: string | null };

const sameRate = (a: string | null, b: string | null) => (a === null || b === null ? a === b : compare(a, b) === 0);

export function partRows(header: InvoiceHeader, parts: LinePart[], taxes: TaxBreakdown[]): PartRow[] {
  if (parts.length === 0) {
    return [{
      ...header, lineNumber: null, lineDescription: null, part: null, glAccount: null, costCentre: null, taxCode: null, taxCategory: null, taxRate: null,
      orderLineReference: null, supplierItemId: null, net: header.invoiceNet ?? '0', tax: header.invoiceTax ?? '0', gross: header.invoiceGross ?? '0',
    }];
  }
  const tax = new Array<string>(parts.length);
  const groups = new Map<string, number[]>();
  parts.forEach((p, i) => {
    const key = `${p.taxCategory ?? ''}|${p.taxRate === null ? '' : round(p.taxRate, 6)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    const first = parts[members[0]!]!;
    const breakdown = taxes.find((t) => (t.category ?? null) === (first.taxCategory ?? null) && sameRate(t.rate, first.taxRate) && t.taxAmount !== null);
    const total = members.reduce((s, i) => add(s, parts[i]!.amount), '0');
    if (!breakdown) {
      for (const i of members) tax[i] = round(div(mul(parts[i]!.amount, parts[i]!.taxRate ?? '0'), '100', 8), 2);
      continue;
    }
    const places = Math.max(2, toScaled(breakdown.taxAmount!).scale);
    const nothingToShareBy = compare(total, '0') === 0;
    let given = '0';
    members.forEach((i, n) => {
      const last = n === members.length - 1;
      // parts netting to zero give no proportion: the last part carries the rate's tax, so the sum still holds
      const share = last ? sub(breakdown.taxAmount!, given) : nothingToShareBy ? '0' : round(div(mul(breakdown.taxAmount!, parts[i]!.amount), total, places + 2), places);
      given = add(given, share);
      tax[i] = share;
    });
  }
  return parts.map((p, i) => ({
    ...header,
    lineNumber: p.lineNumber, lineDescription: p.lineDescription, part: p.part, glAccount: p.glAccount, costCentre: p.costCentre, taxCode: p.taxCode,
    taxCategory: p.taxCategory, taxRate: p.taxRate, orderLineReference: p.orderLineReference, supplierItemId: p.supplierItemId,
    net: p.amount, tax: tax[i]!, gross: add(p.amount, tax[i]!),
  }));
}
