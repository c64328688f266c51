import type { Db } from '../db/connection';

/**
 * Runs inside the import transaction for every newly stored invoice (uploads, Pagero
 * sync, re-reads). Document Groups (issue 6) assign groups here; until then it does nothing.
 */
export async function afterInvoicesImported(_db: Db, _invoiceIds: number[]): Promise<void> {}
