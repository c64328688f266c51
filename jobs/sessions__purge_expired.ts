import type { Task } from 'graphile-worker';
import { purgeExpiredSessions } from '../src/auth/sessions';
import { purgeOldLoginFailures } from '../src/auth/throttle';
import { purgeUploadBatches } from '../src/invoices/upload-batches';
import type { JobDeps } from './index';

/** Daily housekeeping: sessions idle past their expiry, stale login failures and upload results past their 24 hours. */
export const sessionsPurgeExpired =
  ({ sql, log }: JobDeps): Task =>
  async () => {
    const sessions = await purgeExpiredSessions(sql);
    await purgeOldLoginFailures(sql);
    const uploadResults = await purgeUploadBatches(sql);
    log.info({ sessions, uploadResults }, 'expired sessions purged');
  };
