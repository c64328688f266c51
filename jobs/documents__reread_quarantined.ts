import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { rereadQuarantinedDocuments } from '../src/invoices/store';
import type { JobDeps } from './index';

const Payload = v.object({});

/** Re-reads every quarantined document (Needs attention > Re-read all, or after a reader fix). */
export const documentsRereadQuarantined =
  ({ sql, log, config }: JobDeps): Task =>
  async (payload) => {
    v.parse(Payload, payload ?? {});
    const summary = await rereadQuarantinedDocuments(sql, { maxBytes: config.EINVOICE_MAX_BYTES });
    log.info(summary, 'quarantined documents re-read');
  };
