/*
 * What happens once a connection is made or renewed and its companies are known: a first sync
 * of each company starts at once, so the invoices are in My Invoices within seconds, and
 * Invoice Responses that waited for a connection to their company go out. `prepare` runs first
 * (apdesk's demo seed on `npm start`, src/demo/start.ts), so what it adds is there for the import.
 */
import type { Db } from '../db/connection';
import { releaseWaitingResponses } from '../responses/enqueue';
import { enqueueCompanySync } from '../sync/enqueue';

export async function afterConnected(db: Db, _connectionId: number, companyIds: number[], prepare?: (companyIds: number[]) => Promise<void>): Promise<void> {
  if (prepare && companyIds.length) await prepare(companyIds);
  for (const companyId of companyIds) await enqueueCompanySync(db, companyId, 'connected');
  await releaseWaitingResponses(db, companyIds);
}
