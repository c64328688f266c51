/*
 * The shape of a purchase order and a goods receipt, as the API receives them (and as the
 * CSV import builds them). Quantities and prices are decimal strings, never JSON numbers,
 * so nothing passes through a float.
 */
import * as v from 'valibot';
import { isRealDate, NO_SUCH_DATE } from '../security/dates';
import { isDecimal } from '../einvoice/decimal';

const text = (max: number) => v.pipe(v.string('Send a string.'), v.trim(), v.nonEmpty('Must not be empty.'), v.maxLength(max, `Use at most ${max} characters.`));
const optionalText = (max: number) => v.nullish(v.pipe(v.string('Send a string.'), v.trim(), v.maxLength(max, `Use at most ${max} characters.`)), null);
const decimal = (what: string) =>
  v.pipe(v.string(`Send the ${what} as a decimal string, such as "12.50".`), v.trim(), v.check(isDecimal, `The ${what} is not a decimal number.`));
const date = v.nullish(v.pipe(v.string(), v.isoDate('Use a date like 2026-03-31.'), v.check(isRealDate, NO_SUCH_DATE)), null);

export const PurchaseOrderSchema = v.object({
  company: text(100),
  poNumber: text(100),
  supplier: v.optional(v.object({ vatId: optionalText(50), name: optionalText(200) }), {}),
  currency: optionalText(3),
  orderDate: date,
  lines: v.pipe(
    v.array(
      v.object({
        lineNumber: text(50),
        itemId: optionalText(100),
        description: optionalText(500),
        quantity: decimal('quantity'),
        unitPrice: decimal('unit price'),
        taxRate: v.nullish(decimal('tax rate'), null),
      }),
    ),
    v.minLength(1, 'A purchase order needs at least one line.'),
    v.maxLength(5000, 'At most 5,000 lines per purchase order.'),
    v.check((lines) => new Set(lines.map((l) => l.lineNumber)).size === lines.length, 'Two lines have the same lineNumber.'),
  ),
});
export type PurchaseOrderInput = v.InferOutput<typeof PurchaseOrderSchema>;

export const GoodsReceiptSchema = v.object({
  company: text(100),
  receiptNumber: text(100),
  poNumber: text(100),
  receivedOn: date,
  lines: v.pipe(
    v.array(v.object({ lineNumber: text(50), quantity: decimal('quantity') })),
    v.minLength(1, 'A goods receipt needs at least one line.'),
    v.maxLength(5000, 'At most 5,000 lines per goods receipt.'),
    v.check((lines) => new Set(lines.map((l) => l.lineNumber)).size === lines.length, 'Two lines have the same lineNumber.'),
  ),
});
export type GoodsReceiptInput = v.InferOutput<typeof GoodsReceiptSchema>;

/** Valibot issues as { "lines.0.quantity": "message" }, for JSON answers and CSV rows. */
export function issuesByPath(issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path?.map((p) => String(p.key)).join('.') || 'body';
    out[path] ??= issue.message;
  }
  return out;
}
