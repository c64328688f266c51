import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { scheduleTick } from '../src/export/schedule';
import type { JobDeps } from './index';

const Payload = v.object({ _cron: v.object({ ts: v.string() }) });

/** Every minute (crontab): queue the batch of each company whose export schedule matches this minute. */
export const exportBatchesSchedule =
  ({ sql, log, config }: JobDeps): Task =>
  async (payload) => {
    const { _cron } = v.parse(Payload, payload);
    const due = await scheduleTick(sql, config.EXPORT_SCHEDULE, new Date(_cron.ts));
    if (due.length) log.info({ companies: due, tick: _cron.ts }, 'scheduled export batches queued');
  };
