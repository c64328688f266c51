import * as v from 'valibot';
import { compare, isDecimal } from '../einvoice/decimal';
import { parseAmount } from '../format/numbers';

const tolerance = (what: string) =>
  // typed the reader's way ("2,5" in de-DE): read into a plain decimal first
  v.pipe(v.optional(v.string(), ''), v.trim(), v.transform((s) => parseAmount(s) ?? s), v.check((s) => s === '' || (isDecimal(s) && compare(s, '0') >= 0), `Enter the ${what} as a number of 0 or more.`));

export const MatchingFormSchema = v.object({
  supplier: v.pipe(v.optional(v.string(), ''), v.trim(), v.maxLength(200, 'Use at most 200 characters.'), v.transform((s) => s || null)),
  mode: v.picklist(['two_way', 'three_way'], 'Choose 2-way or 3-way.'),
  pricePercent: v.pipe(tolerance('price tolerance'), v.transform((s) => s || '0')),
  amount: v.pipe(tolerance('amount tolerance'), v.transform((s) => s || null)),
  quantityPercent: v.pipe(tolerance('quantity tolerance'), v.transform((s) => s || '0')),
});
