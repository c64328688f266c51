import { Hono } from 'hono';
import { DashboardPage } from '../../views/dashboard/page';
import { canSeeSettings, seesAllDocuments } from '../auth/roles';
import { firstRun } from '../invoices/first-run';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';
import { currentUser } from '../http/guards';
import { coverage } from '../pagero/companies';
import { countsByGroup, expiringConnections, quarantinedCount, receivedPerDay } from './queries';
import { awaitingAction, payablesByDue } from './work';
import { lastThirtyDays, touchlessRate } from '../coding/touchless';
import { todayOf } from '../format/numbers';
import { responseCounts } from '../responses/page-data';
import { failingByRule } from '../validation/page-data';
import { FailingByRule } from '../../views/validation/dashboard-card';
import { approvalFigures } from '../approvals/page-data';

export function dashboardRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const user = currentUser(c);
    const admin = canSeeSettings(user);
    const today = todayOf();
    const budget = deps.config.LIST_COUNT_BUDGET_MS;
    const [perDay, awaiting, payables, byGroup, touchless, expiring, companies, quarantined, responses, failing, approvals] = await Promise.all([
      receivedPerDay(deps.sql, user),
      awaitingAction(deps.sql, user, budget),
      payablesByDue(deps.sql, user, today, budget),
      countsByGroup(deps.sql, user),
      touchlessRate(deps.sql, lastThirtyDays(), user),
      expiringConnections(deps.sql, user, admin),
      admin ? coverage(deps.sql) : null,
      admin ? quarantinedCount(deps.sql) : null,
      responseCounts(deps.sql, user),
      failingByRule(deps.sql, user),
      approvalFigures(deps.sql, user),
    ]);
    // the page after login tells a user in no document group what My Invoices tells her: whom to ask
    const setup = seesAllDocuments(user) ? null : await firstRun(deps.sql, user);
    return c.render(
      <DashboardPage
        firstName={user.firstName}
        perDay={perDay}
        awaiting={awaiting}
        payables={payables}
        today={today}
        byGroup={byGroup}
        touchless={touchless}
        expiring={expiring}
        uncovered={companies ? companies.filter((co) => !co.covered).map((co) => co.name) : null}
        companyCount={companies ? companies.length : null}
        quarantined={quarantined}
        responses={responses}
        validation={<FailingByRule rows={failing} />}
        approvals={{ ...approvals, mine: c.get('approvalsWaiting') ?? 0 }}
        flash={c.get('flash')}
        notInAnyGroup={setup?.noGroup && (c.get('approvalsWaiting') ?? 0) === 0 ? setup : null}
      />,
      { title: 'Dashboard', active: 'dashboard' },
    );
  });
  return app;
}
