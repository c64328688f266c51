/*
 * The outcome of one invoice line against its PO line, checked in this order:
 *
 *   Price variance     |invoice price − PO price| > PO price × price tolerance %, or
 *                      |invoice net − quantity × PO price| > amount tolerance (when set)
 *   Quantity variance  invoiced so far (earlier invoices and lines) + this quantity
 *                      > PO quantity × (100 + quantity tolerance) %
 *   Not received       3-way only: that cumulative quantity > received × (100 + tolerance) %
 *   Matched            otherwise
 *
 * "At" a tolerance is within it; only past it is a variance. All decimal, no floats.
 */
import { abs, add, compare, div, isDecimal, mul, sub } from '../einvoice/decimal';

export type MatchMode = 'two_way' | 'three_way';
export type Tolerances = { pricePercent: string; amount: string | null; quantityPercent: string };
export type Outcome = 'matched' | 'price_variance' | 'quantity_variance' | 'not_received';

export type OutcomeInput = {
  mode: MatchMode;
  tolerances: Tolerances;
  quantity: string | null;
  unitPrice: string | null;
  netAmount: string | null;
  poQuantity: string;
  poUnitPrice: string;
  previouslyInvoiced: string;
  received: string;
};

export type OutcomeResult = {
  outcome: Outcome;
  invoiceQuantity: string;
  invoiceUnitPrice: string;
  pricePercent: string | null;
  amountVariance: string;
};

const dec = (s: string | null) => (s !== null && isDecimal(s.trim()) ? s.trim() : null);

export function lineOutcome(input: OutcomeInput): OutcomeResult {
  const { tolerances: tol } = input;
  const quantity = dec(input.quantity) ?? '1';
  const net = dec(input.netAmount);
  const price = dec(input.unitPrice) ?? (net && compare(quantity, '0') !== 0 ? div(net, quantity, 6) : '0');
  const invoicedNet = net ?? mul(quantity, price);
  const priceGap = abs(sub(price, input.poUnitPrice));
  const pricePercent = compare(input.poUnitPrice, '0') === 0 ? null : div(mul(sub(price, input.poUnitPrice), '100'), input.poUnitPrice, 4);
  const amountVariance = sub(invoicedNet, mul(quantity, input.poUnitPrice));
  const cumulative = add(input.previouslyInvoiced, quantity);
  const over = (limit: string) => compare(mul(cumulative, '100'), mul(limit, add('100', tol.quantityPercent))) > 0;

  let outcome: Outcome = 'matched';
  if (compare(mul(priceGap, '100'), mul(abs(input.poUnitPrice), tol.pricePercent)) > 0) outcome = 'price_variance';
  else if (tol.amount !== null && compare(abs(amountVariance), tol.amount) > 0) outcome = 'price_variance';
  else if (over(input.poQuantity)) outcome = 'quantity_variance';
  else if (input.mode === 'three_way' && over(input.received)) outcome = 'not_received';
  return { outcome, invoiceQuantity: quantity, invoiceUnitPrice: price, pricePercent, amountVariance };
}
