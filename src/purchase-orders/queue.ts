import type { Db } from '../db/connection';

export const REMATCH_TASK = 'purchase_orders__rematch';

/**
 * Queues a rematch of the invoices that reference a PO, in the writing transaction so it
 * runs only if the PO or receipt commits. The job key folds a burst of receipts for one
 * PO into one run; the queue keeps two rematches from overlapping.
 */
export async function queueRematch(tx: Db, purchaseOrderId: number) {
  await tx`
    select graphile_worker.add_job(${REMATCH_TASK}, json_build_object('purchaseOrderId', ${purchaseOrderId}::bigint),
      queue_name => 'matching', job_key => ${`${REMATCH_TASK}:${purchaseOrderId}`})`;
}
