import type { Db } from '../db/connection';
import { codeAndMatchImportedInvoices } from '../coding/import-hook';
import { assignImportedInvoices } from '../groups/assign';
import { respondToImport } from '../responses/decisions';
import { queueValidation } from '../validation/service';

/**
 * Runs inside the import transaction for every newly stored invoice (uploads, Pagero
 * sync, re-reads). Document Groups (issue 6) assign each invoice its group here.
 */
export async function afterInvoicesImported(db: Db, invoiceIds: number[]): Promise<void> {
  await assignImportedInvoices(db, invoiceIds);
  await codeAndMatchImportedInvoices(db, invoiceIds);
  await respondToImport(db, invoiceIds);
  await queueValidation(db, invoiceIds);
}
