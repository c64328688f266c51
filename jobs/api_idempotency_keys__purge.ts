import type { Task } from 'graphile-worker';
import { purgeIdempotencyKeys } from '../src/api/idempotency';
import type { JobDeps } from './index';

/** Daily: Idempotency-Key answers older than the replay window are forgotten. */
export const apiIdempotencyKeysPurge =
  ({ sql, log }: JobDeps): Task =>
  async () => {
    const removed = await purgeIdempotencyKeys(sql);
    if (removed > 0) log.info({ removed }, 'old Idempotency-Key answers removed');
  };
