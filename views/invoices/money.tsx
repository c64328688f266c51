/*
 * An amount as one unbreakable piece ("1,450.27 EUR"), right-aligned figures. Grouping is done
 * on the decimal string itself (money is never a float here). Kept in this one component so the
 * locale-aware formatter of issue 18 (per-user locale, Intl.NumberFormat) can replace it in one place.
 */
export function groupDigits(value: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(value.trim());
  if (!m) return value;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

export const moneyText = (value: string | null, currency: string | null) =>
  value === null ? '—' : `${groupDigits(value)}${currency ? ` ${currency}` : ''}`;

export const Money = ({ value, currency }: { value: string | null; currency: string | null }) => <span class="money">{moneyText(value, currency)}</span>;
