import type { Task } from 'graphile-worker';
import { sendApprovalDigests, sendApprovalReminders } from '../src/approvals/notify';
import type { JobDeps } from './index';

/** Every 10 minutes: approval digests (at most one per person per hour) and reminders after APPROVAL_REMINDER_DAYS. */
export const approvalsNotify =
  ({ sql, log, config }: JobDeps): Task =>
  async () => {
    const now = new Date();
    const digests = await sendApprovalDigests(sql, { now, publicUrl: config.publicUrl });
    const reminders = await sendApprovalReminders(sql, { now, publicUrl: config.publicUrl, days: config.APPROVAL_REMINDER_DAYS });
    if (digests || reminders) log.info({ digests, reminders }, 'approval emails queued');
  };
