/* The sending job of one response; its job key keeps one job per response however often it is asked for. */
import type { Db } from '../db/connection';

export async function enqueueResponseJob(db: Db, responseId: number, delaySeconds = 0) {
  await db`
    select graphile_worker.add_job(
      'invoice_responses__send',
      json_build_object('responseId', ${responseId}::bigint),
      run_at => now() + ${delaySeconds} * interval '1 second',
      job_key => ${`invoice_response:${responseId}`},
      max_attempts => 5
    )`;
}

/** After a connect or renewal: responses of these companies that waited for a connection go out now. */
export async function releaseWaitingResponses(db: Db, companyIds: number[]) {
  if (companyIds.length === 0) return 0;
  const rows = await db<{ id: number }[]>`
    update invoice_responses set state = 'queued', problem = null, updated_at = now()
    where company_id = any(${companyIds}::bigint[]) and state = 'waiting_connection'
    returning id::int`;
  for (const { id } of rows) await enqueueResponseJob(db, id);
  return rows.length;
}
