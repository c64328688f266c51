import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { NoConnectionError, syncCompany } from '../src/sync/company-sync';
import { enqueueCompanySync } from '../src/sync/enqueue';
import type { JobDeps } from './index';

const Payload = v.object({ companyId: v.number(), trigger: v.optional(v.picklist(['schedule', 'manual', 'connected']), 'schedule') });

export const pageroCompaniesSync =
  ({ sql, log, pagero, config }: JobDeps): Task =>
  async (payload) => {
    const { companyId, trigger } = v.parse(Payload, payload);
    try {
      const done = await syncCompany({ sql, log, pagero, maxBytes: config.EINVOICE_MAX_BYTES }, companyId, trigger);
      if (!done) await enqueueCompanySync(sql, companyId, trigger, 30); // another worker is syncing it: look again shortly
    } catch (error) {
      if (error instanceof NoConnectionError) return; // recorded on the run; retrying will not help until someone connects
      throw error;
    }
  };
