/*
 * Which companies' purchase orders a user may see, as invoices are scoped: AP Admins, Financial
 * Accounting and user admins see every company; everyone else sees the companies of the invoices
 * in the Document Groups they are assigned to.
 */
import type postgres from 'postgres';
import { seesAllDocuments } from '../auth/roles';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';

/** A SQL condition on a company id expression (e.g. db`po.company_id`). */
export function companySeenBy(db: Db, user: CurrentUser, companyId: postgres.PendingQuery<postgres.Row[]>) {
  if (seesAllDocuments(user)) return db`true`;
  return db`exists (
    select 1 from invoice_groups vg join invoices vi on vi.id = vg.invoice_id
    where vi.company_id = ${companyId}
      and vg.group_id = any(array(select vm.group_id from document_group_members vm where vm.user_id = ${user.id})))`;
}

export const companiesSeenBy = (db: Db, user: CurrentUser) =>
  db<{ id: number; name: string; vatNumber: string | null }[]>`
    select co.id::int, co.name, co.vat_number from pagero_companies co where ${companySeenBy(db, user, db`co.id`)} order by co.name, co.id`;
