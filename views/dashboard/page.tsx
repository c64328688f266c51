import type { Child } from 'hono/jsx';
import type { DayCount } from '../../src/dashboard/queries';
import type { BucketSum } from '../../src/dashboard/work';
import type { StatusCount } from '../../src/invoices/status-counts';
import { linkForDay, linkForGroup } from '../../src/dashboard/links';
import { formatCount, formatDay } from '../../src/format/numbers';
import { AwaitingAction, PayablesByDue } from './work';
import { Flash, PageHeader } from '../components/form';
import { ReceivedChart } from './chart';
import { TouchlessRateFigure } from '../components/touchless';
import { EmptyList } from '../invoices/empty-states';
import type { FirstRun } from '../../src/invoices/first-run';
import { ApprovalCard, type ApprovalFigures } from '../approvals/dashboard-card';

export type DashboardData = {
  firstName: string;
  perDay: DayCount[];
  awaiting: StatusCount[];
  payables: BucketSum[] | null;
  today: string;
  byGroup: { groupId: number | null; name: string; count: number }[];
  touchless: { rate: number | null; touchless: number; received: number } | null;
  expiring: { userName: string; status: string; chainExpiresAt: Date }[];
  uncovered: string[] | null;
  /** How many Pagero companies exist (admins only). */
  companyCount?: number | null;
  quarantined: number | null;
  /** Invoice Responses to suppliers not yet delivered (src/responses). */
  responses?: { waiting: number; failed: number };
  /** Open invoices failing EN 16931, by rule (views/validation/dashboard-card.tsx). */
  validation?: Child;
  /** Approvals (src/approvals): due soon, waiting, median approval time. */
  approvals?: ApprovalFigures;
  flash: string | null;
  /** In no document group (and no approval waiting): the same words as an empty My Invoices. */
  notInAnyGroup?: FirstRun | null;
};

const day = (d: Date) => formatDay(d);

export function DashboardPage(props: DashboardData) {
  return (
    <>
      <PageHeader title={`Welcome, ${props.firstName}`} />
      <Flash message={props.flash} />
      {props.notInAnyGroup && <EmptyList filtered={false} setup={props.notInAnyGroup} />}
      <div class="dashboard">
        <AwaitingAction counts={props.awaiting} />
        <PayablesByDue sums={props.payables} today={props.today} />
        {props.validation}
        <section class="card" aria-labelledby="d-group">
          <h2 id="d-group">By document group</h2>
          <Counts rows={props.byGroup.map((r) => ({ name: r.name, count: r.count, href: linkForGroup(r.groupId) }))} />
        </section>
        {props.approvals && <ApprovalCard figures={props.approvals} />}
        {props.responses && (props.responses.waiting > 0 || props.responses.failed > 0) && (
          <section class="card" aria-labelledby="d-responses">
            <h2 id="d-responses">Responses to suppliers</h2>
            <ul role="list" class="plain">
              <li><strong>{formatCount(props.responses.failed)}</strong>{' failed or need you'}</li>
              <li><strong>{formatCount(props.responses.waiting)}</strong>{' waiting to be delivered'}</li>
            </ul>
            <p><a href="/responses">See them</a></p>
          </section>
        )}
        {props.touchless && (
          <section class="card" aria-labelledby="d-touchless">
            <h2 id="d-touchless">Touchless rate</h2>
            <TouchlessRateFigure lastMonth={props.touchless} />
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
            {props.companyCount === 0 ? <p class="muted">No Pagero companies yet: they appear after the first E-invoicing Login.</p> : props.uncovered.length === 0 ? <p class="muted">Every company is covered.</p> : (
              <ul role="list" class="plain">{props.uncovered.map((name) => <li><a href="/settings/einvoicing">{name}</a></li>)}</ul>
            )}
          </section>
        )}
        <section class="card wide" aria-labelledby="d-received">
          <h2 id="d-received">Invoices by issue date</h2>
          <ReceivedChart days={props.perDay} link={linkForDay} />
        </section>
        {props.quarantined !== null && (
          <section class="card" aria-labelledby="d-attention">
            <h2 id="d-attention">Needs attention</h2>
            <p><a class="big" href="/needs-attention">{formatCount(props.quarantined)}</a></p>
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
        <li><a href={r.href}>{r.name}</a><span>{formatCount(r.count)}</span></li>
      ))}
    </ul>
  );
}
