import type { DayCount } from '../../src/dashboard/queries';
import { linkForDay, linkForGroup, linkForStatus } from '../../src/dashboard/links';
import { Flash, PageHeader } from '../components/form';
import { ReceivedChart } from './chart';
import { ApprovalCard, type ApprovalFigures } from '../approvals/dashboard-card';

export type DashboardData = {
  firstName: string;
  perDay: DayCount[];
  byStatus: { status: string; count: number }[];
  byGroup: { groupId: number | null; name: string; count: number }[];
  touchless: { rate: number | null; touchless: number; received: number } | null;
  expiring: { userName: string; status: string; chainExpiresAt: Date }[];
  uncovered: string[] | null;
  quarantined: number | null;
  /** Invoice Responses to suppliers not yet delivered (src/responses). */
  responses?: { waiting: number; failed: number };
  /** Approvals (src/approvals): due soon, waiting, median approval time. */
  approvals?: ApprovalFigures;
  flash: string | null;
};

const label = (status: string) => status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const day = (d: Date) => d.toISOString().slice(0, 10);

export function DashboardPage(props: DashboardData) {
  return (
    <>
      <PageHeader title={`Welcome, ${props.firstName}`} />
      <Flash message={props.flash} />
      <div class="dashboard">
        <section class="card wide" aria-labelledby="d-received">
          <h2 id="d-received">Invoices received</h2>
          <ReceivedChart days={props.perDay} link={linkForDay} />
        </section>
        <section class="card" aria-labelledby="d-status">
          <h2 id="d-status">By status</h2>
          <Counts rows={props.byStatus.map((r) => ({ name: label(r.status), count: r.count, href: linkForStatus(r.status) }))} />
        </section>
        <section class="card" aria-labelledby="d-group">
          <h2 id="d-group">By document group</h2>
          <Counts rows={props.byGroup.map((r) => ({ name: r.name, count: r.count, href: linkForGroup(r.groupId) }))} />
        </section>
        {props.approvals && <ApprovalCard figures={props.approvals} />}
        {props.responses && (props.responses.waiting > 0 || props.responses.failed > 0) && (
          <section class="card" aria-labelledby="d-responses">
            <h2 id="d-responses">Responses to suppliers</h2>
            <ul role="list" class="plain">
              <li><strong>{props.responses.failed}</strong>{' failed or need you'}</li>
              <li><strong>{props.responses.waiting}</strong>{' waiting to be delivered'}</li>
            </ul>
            <p><a href="/responses">See them</a></p>
          </section>
        )}
        {props.touchless && (
          <section class="card" aria-labelledby="d-touchless">
            <h2 id="d-touchless">Touchless rate</h2>
            <p class="big">{props.touchless.rate === null ? '—' : `${Math.round(props.touchless.rate * 100)}%`}</p>
            <p class="muted">{`${props.touchless.touchless} of ${props.touchless.received} received invoices reached Ready with no human edit.`}</p>
          </section>
        )}
        <section class="card" aria-labelledby="d-expiring">
          <h2 id="d-expiring">Pagero connections expiring soon</h2>
          {props.expiring.length === 0 ? (
            <p class="muted">None in the next 30 days.</p>
          ) : (
            <ul role="list" class="plain">
              {props.expiring.map((c) => (
                <li>{`${c.userName} · ${c.status === 'needs_renewal' ? 'needs renewal' : `ends ${day(c.chainExpiresAt)}`}`}</li>
              ))}
            </ul>
          )}
          <p><a href={props.uncovered ? '/settings/einvoicing' : '/profile'}>{props.uncovered ? 'E-invoicing settings' : 'Your connection'}</a></p>
        </section>
        {props.uncovered && (
          <section class="card" aria-labelledby="d-uncovered">
            <h2 id="d-uncovered">Companies without coverage</h2>
            {props.uncovered.length === 0 ? <p class="muted">Every company is covered.</p> : (
              <ul role="list" class="plain">{props.uncovered.map((name) => <li><a href="/settings/einvoicing">{name}</a></li>)}</ul>
            )}
          </section>
        )}
        {props.quarantined !== null && (
          <section class="card" aria-labelledby="d-attention">
            <h2 id="d-attention">Needs attention</h2>
            <p><a class="big" href="/needs-attention">{String(props.quarantined)}</a></p>
            <p class="muted">documents the reader could not read</p>
          </section>
        )}
      </div>
    </>
  );
}

function Counts({ rows }: { rows: { name: string; count: number; href: string }[] }) {
  if (rows.length === 0) return <p class="muted">No invoices yet.</p>;
  return (
    <ul role="list" class="plain counts">
      {rows.map((r) => (
        <li><a href={r.href}>{r.name}</a><span>{String(r.count)}</span></li>
      ))}
    </ul>
  );
}
