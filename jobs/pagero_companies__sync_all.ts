import type { Task } from 'graphile-worker';
import { enqueueCoveredCompanies } from '../src/sync/enqueue';
import type { JobDeps } from './index';

/** On the SYNC_INTERVAL schedule: one sync job per covered company. */
export const pageroCompaniesSyncAll =
  ({ sql, log }: JobDeps): Task =>
  async () => {
    const companies = await enqueueCoveredCompanies(sql, 'schedule');
    log.debug({ companies }, 'scheduled syncs enqueued');
  };
