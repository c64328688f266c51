import type { Task } from 'graphile-worker';
import { sendApprovalDigests, sendApprovalReminders } from '../src/approvals/notify';
import { installationReader } from '../src/format/context';
import type { JobDeps } from './index';

/** Every 10 minutes: approval digests (at most one per person per hour) and reminders after APPROVAL_REMINDER_DAYS. */
export const approvalsNotify =
  ({ sql, log, config }: JobDeps): Task =>
  async () => {
    const now = new Date();
    const defaults = installationReader(config);
    const digests = await sendApprovalDigests(sql, { now, publicUrl: config.publicUrl, defaults });
    const reminders = await sendApprovalReminders(sql, { now, publicUrl: config.publicUrl, days: config.APPROVAL_REMINDER_DAYS, defaults });
    if (digests || reminders) log.info({ digests, reminders }, 'approval emails queued');
  };
