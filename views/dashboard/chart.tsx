import type { DayCount } from '../../src/dashboard/queries';
import { formatCount, formatDate } from '../../src/format/numbers';

/** Invoices per day by issue date as an inline SVG bar chart; each bar links to that day's list. */
export function ReceivedChart({ days, link }: { days: DayCount[]; link: (day: string) => string }) {
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...days.map((d) => d.count));
  const bar = width / days.length;
  const total = days.reduce((sum, d) => sum + d.count, 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} aria-labelledby="received-chart-title">
        <title id="received-chart-title">{`Invoices per day by issue date over the last ${days.length} days: ${formatCount(total)} in all`}</title>
        {days.map((d, i) => {
          const h = Math.round((d.count / max) * height);
          return (
            <a href={link(d.day)} aria-label={`${formatDate(d.day)}: ${formatCount(d.count)} issued`}>
              <rect x={i * bar + 1} y={height - h} width={bar - 2} height={Math.max(h, d.count ? 1 : 0)} class="bar">
                <title>{`${formatDate(d.day)}: ${d.count}`}</title>
              </rect>
            </a>
          );
        })}
        <line x1="0" y1={height} x2={width} y2={height} class="axis" />
        <text x="0" y={height + 16} class="tick">{formatDate(days[0]?.day ?? null)}</text>
        <text x={width} y={height + 16} class="tick" text-anchor="end">{formatDate(days.at(-1)?.day ?? null)}</text>
      </svg>
      <figcaption>{`${formatCount(total)} invoices issued in the last ${days.length} days (most in a day: ${formatCount(max === 1 && total === 0 ? 0 : max)})`}</figcaption>
    </figure>
  );
}
