/*
 * What happens once a connection is made or renewed and its companies are known. The sync
 * work plugs its first sync in here (one job per company), so invoices arrive within seconds.
 */
import type { Db } from '../db/connection';

export async function afterConnected(db: Db, connectionId: number, companyIds: number[]): Promise<void> {
  void db;
  void connectionId;
  void companyIds;
}
