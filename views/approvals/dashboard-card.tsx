import { formatCount, formatNumber } from '../../src/format/numbers';

/* The dashboard's approval card: due within 5 days and still waiting, what waits for me, and the median time to approve. */
export type ApprovalFigures = { dueSoon: number; waiting: number; medianDays: string | null; approved: number; mine: number };

export function ApprovalCard({ figures: f }: { figures: ApprovalFigures }) {
  return (
    <section class="card" aria-labelledby="d-approvals">
      <h2 id="d-approvals">Approvals</h2>
      <ul role="list" class="plain counts">
        <li><a href="/approvals">Waiting for you</a><span>{formatCount(f.mine)}</span></li>
        <li><span>In approval</span><span>{formatCount(f.waiting)}</span></li>
        <li><span class={f.dueSoon > 0 ? 'error' : undefined}>Due within 5 days, still waiting</span><span>{formatCount(f.dueSoon)}</span></li>
      </ul>
      <p>
        {f.medianDays === null ? 'No invoice approved in the last 30 days.' : `Median time from Ready to Approved: ${formatNumber(f.medianDays)} days (${formatCount(f.approved)} approved in the last 30 days).`}
      </p>
    </section>
  );
}
