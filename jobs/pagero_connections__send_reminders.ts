import type { Task } from 'graphile-worker';
import { notifyUncoveredCompanies } from '../src/pagero/companies';
import { sendRenewalReminders } from '../src/pagero/renewal';
import { installationReader } from '../src/format/context';
import type { JobDeps } from './index';

/** Daily: renewal reminders, expired chains flagged, and user admins told of companies left uncovered. */
export const pageroConnectionsSendReminders =
  ({ sql, log, config }: JobDeps): Task =>
  async () => {
    const reminders = await sendRenewalReminders(sql, { now: new Date(), publicUrl: config.publicUrl, defaults: installationReader(config) });
    const uncovered = await notifyUncoveredCompanies(sql, config.publicUrl);
    log.info({ reminders, uncovered }, 'Pagero renewal check done');
  };
