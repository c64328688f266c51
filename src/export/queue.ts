import type { Db } from '../db/connection';

export const DELIVER_TASK = 'export_batches__deliver';
export const SCHEDULED_TASK = 'export_batches__create_scheduled';

/**
 * Queues a batch's SFTP delivery in the transaction that made (or re-queued) it. The job
 * key folds a second request for the same batch into the pending job; the queue delivers
 * one batch at a time per process pool, so a slow drop folder never takes every worker.
 */
export async function queueDelivery(tx: Db, batchId: number) {
  await tx`
    select graphile_worker.add_job(${DELIVER_TASK}, json_build_object('batchId', ${batchId}::bigint),
      queue_name => 'export_delivery', max_attempts => 8, job_key => ${`${DELIVER_TASK}:${batchId}`})`;
}

/** One company's scheduled batch for one cron tick (the key makes a repeated tick harmless). */
export async function queueScheduledBatch(tx: Db, companyId: number, tick: string) {
  await tx`
    select graphile_worker.add_job(${SCHEDULED_TASK}, json_build_object('companyId', ${companyId}::bigint, 'tick', ${tick}::text),
      job_key => ${`${SCHEDULED_TASK}:${companyId}:${tick}`})`;
}
