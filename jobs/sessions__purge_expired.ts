import type { Task } from 'graphile-worker';
import { purgeExpiredSessions } from '../src/auth/sessions';
import { purgeOldLoginFailures } from '../src/auth/throttle';
import type { JobDeps } from './index';

/** Daily housekeeping: sessions idle past their expiry and stale login failures. */
export const sessionsPurgeExpired =
  ({ sql, log }: JobDeps): Task =>
  async () => {
    const sessions = await purgeExpiredSessions(sql);
    await purgeOldLoginFailures(sql);
    log.info({ sessions }, 'expired sessions purged');
  };
