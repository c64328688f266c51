import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { NoConnectionError, syncCompany } from '../src/sync/company-sync';
import { enqueueCompanySync } from '../src/sync/enqueue';
import type { JobDeps } from './index';

const Payload = v.object({ companyId: v.number(), trigger: v.optional(v.picklist(['schedule', 'manual', 'connected']), 'schedule') });

export const pageroCompaniesSync =
  ({ sql, log, pagero, config, processId, syncSlots }: JobDeps): Task =>
  async (payload, helpers) => {
    const { companyId, trigger } = v.parse(Payload, payload);
    const priority = helpers?.job?.priority ?? 0;
    // Two of this process's workers fetched sync jobs at the same moment: leave this one to another process,
    // unless it is a sync a dead worker left (src/sync/concurrency.ts).
    if (syncSlots && !syncSlots.take(priority < 0)) return void (await enqueueCompanySync(sql, companyId, trigger, 2, priority));
    try {
      const done = await syncCompany({ sql, log, pagero, maxBytes: config.EINVOICE_MAX_BYTES, processId }, companyId, trigger);
      // Another worker is syncing it. It lists until nothing is left, so a scheduled sync has nothing to add; asked for by someone, look again shortly.
      // A resumed sync looks again in 5 s: the holder is most likely the dead worker's connection, about to close.
      if (!done && priority < 0) await enqueueCompanySync(sql, companyId, trigger, 5, priority);
      else if (!done && trigger !== 'schedule') await enqueueCompanySync(sql, companyId, trigger, 30, priority);
    } catch (error) {
      if (error instanceof NoConnectionError) return; // recorded on the run; retrying will not help until someone connects
      throw error;
    } finally {
      syncSlots?.release();
    }
  };
