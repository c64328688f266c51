import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { createScheduledBatch } from '../src/export/batches';
import type { JobDeps } from './index';

const Payload = v.object({ companyId: v.pipe(v.number(), v.integer(), v.minValue(1)), tick: v.string() });

/** A company's scheduled batch for one tick; nothing to export, no batch. The batch queues its own SFTP delivery. */
export const exportBatchesCreateScheduled =
  ({ sql, log }: JobDeps): Task =>
  async (payload) => {
    const { companyId, tick } = v.parse(Payload, payload);
    const batch = await createScheduledBatch(sql, companyId, `${companyId}:${tick}`);
    if (batch) log.info({ batchId: batch.id, companyId, invoices: batch.invoiceCount }, 'scheduled export batch created');
  };
