/*
 * The companies My Invoices' filter offers: every company to those who see every invoice;
 * to a clerk only the companies she has an invoice of (she is not told of the others).
 * Her invoices are her groups' plus those waiting for her approval (visibility.ts). The groups'
 * companies are a skip over invoice_groups (group_id, company_id) (migrations/0035): one index
 * probe per group and company, however many invoices there are. Asking "does she see an invoice
 * of this company" per company instead read every invoice of each company she cannot see.
 */
import { waitingInvoiceIds } from '../approvals/waiting';
import { seesAllDocuments } from '../auth/roles';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';

export type Choice = { id: number; name: string };

/** The ids of the companies a user who does not see every invoice has an invoice of, as a subquery. */
export const heldCompanyIds = (db: Db, user: CurrentUser) => db`(
  with recursive member as (
    select vm.group_id from document_group_members vm where vm.user_id = ${user.id}
  ), held (group_id, company_id) as (
    select m.group_id, (select min(a.company_id) from invoice_groups a where a.group_id = m.group_id) from member m
    union all
    select h.group_id, (select min(a.company_id) from invoice_groups a where a.group_id = h.group_id and a.company_id > h.company_id)
    from held h where h.company_id is not null
  )
  select h.company_id from held h where h.company_id is not null
  union
  select i.company_id from invoices i where i.id = any(${waitingInvoiceIds(db, user)}) and i.company_id is not null)`;

export function companyChoices(db: Db, user: CurrentUser): Promise<Choice[]> {
  if (seesAllDocuments(user)) return db<Choice[]>`select id::int, name from pagero_companies order by name`;
  return db<Choice[]>`select c.id::int, c.name from pagero_companies c where c.id in ${heldCompanyIds(db, user)} order by c.name`;
}
