import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { reassignAllInvoices } from '../src/groups/assign';
import type { JobDeps } from './index';

/** Nothing to carry: every run reassigns all invoices against the groups as they are now. */
const Payload = v.optional(v.object({}), {});

export const documentGroupsAssign =
  ({ sql, log }: JobDeps): Task =>
  async (payload) => {
    v.parse(Payload, payload);
    const started = performance.now();
    const changed = await reassignAllInvoices(sql);
    log.info({ changed, ms: Math.round(performance.now() - started) }, 'invoices reassigned to document groups');
  };
