/*
 * The touchless rate, written one way everywhere (dashboard, Coding rules): "Touchless rate",
 * the percentage through formatPercent, and the same sentence saying what it counts.
 */
import type { TouchlessRate } from '../../src/coding/touchless';
import { formatCount, formatPercent } from '../../src/format/numbers';

export const touchlessSentence = (r: TouchlessRate) =>
  `${formatCount(r.touchless)} of the ${formatCount(r.received)} invoices received in the last 30 days reached Ready with nobody changing their coding.`;

/** The figure and its sentence; `allTime` adds the same figure since the first invoice. */
export function TouchlessRateFigure({ lastMonth, allTime }: { lastMonth: TouchlessRate; allTime?: TouchlessRate }) {
  return (
    <>
      <p class="big">{formatPercent(lastMonth.rate)}</p>
      <p class="muted">{touchlessSentence(lastMonth)}</p>
      {allTime && <p class="muted">{`All time: ${formatPercent(allTime.rate)} (${formatCount(allTime.touchless)} of ${formatCount(allTime.received)} invoices).`}</p>}
    </>
  );
}
