/*
 * The one place that decides which invoices a user may see, as a SQL condition on the
 * invoices table aliased `i`. Every list, page, fragment, download and export uses it.
 * Until Document Groups exist every signed-in user sees every invoice; the Document Groups
 * work narrows this to the user's groups (Financial Accounting and admins keep seeing all).
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';

export function visibleInvoices(db: Db, _user: CurrentUser) {
  return db`true`;
}
