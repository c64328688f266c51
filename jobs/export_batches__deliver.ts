import type { Task } from 'graphile-worker';
import * as v from 'valibot';
import { deliverBatch, deliveryDeps } from '../src/export/delivery';
import type { JobDeps } from './index';

const Payload = v.object({ batchId: v.pipe(v.number(), v.integer(), v.minValue(1)) });

/** Sends a batch to its company's SFTP drop folder; a batch delivered meanwhile is no longer relevant. */
export const exportBatchesDeliver =
  (deps: JobDeps): Task =>
  async (payload) => {
    const { batchId } = v.parse(Payload, payload);
    await deliverBatch(deliveryDeps(deps), batchId);
  };
