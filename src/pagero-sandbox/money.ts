/** Money is integer cents everywhere; these helpers are the only place decimals appear. */

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not an integer amount of cents: ${cents}`);
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1656.25" → 165625, "1300" → 130000. Rejects more than two significant decimals. */
export function parseCents(text: string): number {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal amount: ${text}`);
  const decimals = (match[3] ?? '').padEnd(2, '0');
  if (/[1-9]/.test(decimals.slice(2))) throw new Error(`more than two decimals: ${text}`);
  const cents = Number(match[2]) * 100 + Number(decimals.slice(0, 2));
  return match[1] === '-' ? -cents : cents;
}

/** numerator / divisor rounded half away from zero, in integers. */
export function divideRounded(numerator: number, divisor: number): number {
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(numerator) + Math.floor(divisor / 2)) / divisor);
}

/** VAT on `cents` at a rate in basis points (2200 = 22 %). */
export function taxOf(cents: number, rateBasisPoints: number): number {
  return divideRounded(cents * rateBasisPoints, 10_000);
}

/** Net line amount for a quantity in hundredths and a unit price in cents. */
export function lineAmount(quantityHundredths: number, priceCents: number): number {
  return divideRounded(quantityHundredths * priceCents, 100);
}

export function formatQuantity(hundredths: number): string {
  return hundredths % 100 === 0 ? String(hundredths / 100) : formatCents(hundredths);
}

/** 2200 → "22.00" (FatturaPA and UBL both accept two decimals). */
export function formatRate(basisPoints: number): string {
  return formatCents(basisPoints);
}
