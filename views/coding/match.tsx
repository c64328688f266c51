import type { MatchView } from '../../src/coding/page-data';
import { formatNumber as n } from '../../src/format/numbers';

export const OUTCOME_LABELS: Record<string, string> = {
  matched: 'Matched', price_variance: 'Price variance', quantity_variance: 'Quantity variance', not_received: 'Not received', no_po_line: 'No PO line',
};
const BY: Record<string, string> = { order_line_reference: 'order line reference', item_id: 'item id', description: 'closest description' };

/** A line's match outcome with the numbers behind it. */
export function MatchResult({ match }: { match: MatchView | null }) {
  if (!match) return null;
  const ok = match.outcome === 'matched';
  return (
    <p class={ok ? 'muted' : 'form-error'} data-outcome={match.outcome}>
      <strong>{OUTCOME_LABELS[match.outcome] ?? match.outcome}</strong>
      {match.poLineNumber !== null
        ? ` — PO line ${match.poLineNumber} (by ${BY[match.matchedBy ?? ''] ?? '?'}, ${match.mode === 'three_way' ? '3-way' : '2-way'}): ` +
          `price ${n(match.invoiceUnitPrice)} vs ${n(match.poUnitPrice)}` +
          (match.priceVariancePercent !== null ? ` (${n(match.priceVariancePercent)} %)` : '') +
          `, amount difference ${n(match.amountVariance)}; quantity ${n(match.invoiceQuantity)}, invoiced before ${n(match.previouslyInvoiced)}, ordered ${n(match.poQuantity)}` +
          (match.mode === 'three_way' ? `, received ${n(match.receivedQuantity)}` : '')
        : ' — no line of the purchase order fits this line (or the order is not in apdesk).'}
    </p>
  );
}
