import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { applyRuleToOpenInvoices } from '../src/coding/apply-open';
import { findRule } from '../src/coding/rules-queries';
import type { CurrentUser } from '../src/http/context';
import type { JobDeps } from './index';

const Payload = v.object({ ruleId: v.pipe(v.number(), v.integer(), v.minValue(1)), userId: v.pipe(v.number(), v.integer(), v.minValue(1)) });

/**
 * "Apply to open invoices now" for a rule with more open invoices than a request should code
 * (src/coding/apply-open.ts), as the admin who asked: the invoices they may see, events in their
 * name. A rule deleted or turned off meanwhile, or an admin no longer active, ends it quietly.
 */
export const codingRulesApplyOpen =
  ({ sql, log }: JobDeps): Task =>
  async (payload) => {
    const { ruleId, userId } = v.parse(Payload, payload);
    const rule = await findRule(sql, ruleId);
    const [user]: [CurrentUser?] = await sql`
      select id::int, email, first_name, last_name, roles, is_user_admin, locale, time_zone from users where id = ${userId} and active`;
    if (!rule || !rule.active || !user) {
      log.info({ ruleId, userId }, 'coding rule not applied to open invoices: rule gone or off, or user inactive');
      return;
    }
    const started = performance.now();
    const result = await applyRuleToOpenInvoices(sql, user, rule);
    log.info({ ruleId, userId, ...result, ms: Math.round(performance.now() - started) }, 'coding rule applied to open invoices');
  };
