import type { Bucket, BucketSum } from '../../src/dashboard/work';
import type { StatusCount } from '../../src/invoices/status-counts';
import { formatCount, formatMoney } from '../../src/format/numbers';
import { STATUS_LABELS } from '../../src/invoices/statuses';

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** What waits for this user, status by status in workflow order, each a link to that part of My Invoices. */
export function AwaitingAction({ counts }: { counts: StatusCount[] }) {
  const waiting = counts.filter((c) => c.count === null || c.count > 0);
  return (
    <section class="card" aria-labelledby="d-awaiting">
      <h2 id="d-awaiting">Awaiting your action</h2>
      {counts.length === 0 ? <p class="muted">Your role acts on no open invoice (it reads and exports).</p>
        : waiting.length === 0 ? <p class="muted">Nothing waits for you.</p> : (
          <ul role="list" class="plain counts">
            {waiting.map((c) => (
              <li><a href={`/invoices?status=${c.status}`}>{STATUS_LABELS[c.status]}</a><span>{c.count === null ? '…' : `${formatCount(c.count)}${c.capped ? '+' : ''}`}</span></li>
            ))}
          </ul>
        )}
    </section>
  );
}

/** Payables by due date (overdue, next 7 days, 8–30, later) with amounts per currency, each linking to the filtered list. */
export function PayablesByDue({ sums, today }: { sums: BucketSum[] | null; today: string }) {
  const rows: { bucket: Bucket; label: string; href: string }[] = [
    { bucket: 'overdue', label: 'Overdue', href: '/invoices?due=overdue' },
    { bucket: 'week', label: 'Due in 0–7 days', href: `/invoices?due_from=${today}&due_to=${plusDays(today, 7)}` },
    { bucket: 'month', label: 'Due in 8–30 days', href: `/invoices?due_from=${plusDays(today, 8)}&due_to=${plusDays(today, 30)}` },
    { bucket: 'later', label: 'Due later', href: `/invoices?due_from=${plusDays(today, 31)}` },
  ];
  return (
    <section class="card wide" aria-labelledby="d-payables">
      <h2 id="d-payables">Payables by due date</h2>
      {sums === null ? <p class="muted">Too many invoices to add up quickly; open My Invoices with a due-date chip.</p> : (
        <table class="payables">
          <thead><tr><th scope="col">Due</th><th scope="col" class="amount">Invoices</th><th scope="col" class="amount">Amount</th></tr></thead>
          <tbody>
            {rows.map((r) => {
              const mine = sums.filter((s) => s.bucket === r.bucket);
              const count = mine.reduce((n, s) => n + s.count, 0);
              return (
                <tr class={r.bucket === 'overdue' && count > 0 ? 'overdue' : undefined}>
                  <th scope="row"><a href={r.href}>{r.label}</a></th>
                  <td class="amount">{formatCount(count)}</td>
                  <td class="amount">{mine.length === 0 ? '—' : mine.map((s) => <span class="amount">{formatMoney(s.total, s.currency)}</span>)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
