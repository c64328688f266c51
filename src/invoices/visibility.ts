/*
 * The one place that decides which invoices a user may see, as a SQL condition on the
 * invoices table aliased `i`. Every list, page, fragment, download and export uses it.
 * Financial Accounting, AP Admins and user admins see every invoice, Unassigned included;
 * everyone else sees the invoices of the Document Groups they are assigned to.
 */
import { seesAllDocuments } from '../auth/roles';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';

export function visibleInvoices(db: Db, user: CurrentUser) {
  if (seesAllDocuments(user)) return db`true`;
  return db`i.document_group_id in (select m.group_id from document_group_members m where m.user_id = ${user.id})`;
}
