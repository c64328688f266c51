import type { Db } from '../db/connection';

export const ASSIGN_TASK = 'document_groups__assign';

/**
 * Queues a reassignment of every invoice in the writing transaction, so it runs only if the
 * change commits. One job_key makes a burst of changes one run; the named queue keeps two
 * runs from overlapping.
 */
export async function queueReassignment(tx: Db) {
  await tx`
    select graphile_worker.add_job(${ASSIGN_TASK}, '{}'::json, queue_name => 'document_groups', job_key => ${ASSIGN_TASK})`;
}
