/*
 * An amount as one unbreakable piece ("€1,450.27", "1.450,27 €"), in the reader's locale
 * (src/format), right-aligned tabular figures. The invoice page shows every amount through this.
 */
import { formatMoney } from '../../src/format/numbers';

export const moneyText = (value: string | null, currency: string | null) => formatMoney(value, currency);

export const Money = ({ value, currency }: { value: string | null; currency: string | null }) => <span class="money">{moneyText(value, currency)}</span>;
