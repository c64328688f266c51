/*
 * Sync jobs: one per company. The company's own queue runs its syncs one after another, so a
 * company is never synced twice at once; the job key folds requests that arrive while one
 * is already waiting into that one.
 */
import type { Db } from '../db/connection';
import type { SyncTrigger } from './runs';

export async function enqueueCompanySync(db: Db, companyId: number, trigger: SyncTrigger) {
  await db`
    select graphile_worker.add_job(
      'pagero_companies__sync',
      json_build_object('companyId', ${companyId}::int, 'trigger', ${trigger}::text),
      queue_name => ${`sync:company:${companyId}`},
      job_key => ${`sync:company:${companyId}`},
      max_attempts => 5
    )`;
}

/** Every company that at least one active connection can see. */
export async function enqueueCoveredCompanies(db: Db, trigger: SyncTrigger): Promise<number> {
  const companies = await db<{ id: number }[]>`
    select distinct cc.company_id::int as id
    from pagero_connection_companies cc
    join pagero_connections c on c.id = cc.connection_id
    where c.status = 'active' and c.chain_expires_at > now()`;
  for (const { id } of companies) await enqueueCompanySync(db, id, trigger);
  return companies.length;
}

export async function enqueueConnectionCompanies(db: Db, connectionId: number, trigger: SyncTrigger) {
  const companies = await db<{ id: number }[]>`select company_id::int as id from pagero_connection_companies where connection_id = ${connectionId}`;
  for (const { id } of companies) await enqueueCompanySync(db, id, trigger);
  return companies.length;
}
