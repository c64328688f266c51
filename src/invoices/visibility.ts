/*
 * The one place that decides which invoices a user may see, as a SQL condition on the
 * invoices table aliased `i`. Every list, page, fragment, download and export uses it.
 * Financial Accounting, AP Admins and user admins see every invoice, Unassigned included;
 * everyone else sees the invoices of the Document Groups they are assigned to (an invoice's
 * group is its row in invoice_groups, migrations/0008).
 *
 * vg.status = i.status always holds (the row's status is a trigger-kept copy); it is there
 * for the planner: with it "these groups, this status" is one range of invoice_groups'
 * (group_id, status, invoice_id) index, so a capped status count reads the user's invoices
 * of that status instead of probing every invoice of it. The member groups are an array
 * (an InitPlan), which lets the planner treat the semi-join as a plain join on a unique key.
 *
 * Approvers also see the invoices waiting for their approval, whatever their groups, and
 * only those (src/approvals/waiting.ts).
 */
import { waitingForApprover } from '../approvals/waiting';
import { seesAllDocuments } from '../auth/roles';
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';

export function visibleInvoices(db: Db, user: CurrentUser) {
  if (seesAllDocuments(user)) return db`true`;
  // The waiting test sits inside the exists, not beside it in an `or`: with a top-level `or`
  // PostgreSQL cannot treat the group test as a semi-join and hashes the user's whole
  // invoice_groups range before the first row (89 ms for a first page at 100,000 invoices,
  // 0.7 ms this way; BENCHMARKS.md "Approvals"). Every invoice has its invoice_groups row
  // (group_id null: Unassigned; src/groups/assign.ts), so the answer is the same.
  return db`exists (
    select 1 from invoice_groups vg
    where vg.invoice_id = i.id and vg.status = i.status
      and (vg.group_id = any(array(select vm.group_id from document_group_members vm where vm.user_id = ${user.id}))
           or ${waitingForApprover(db, user, 'vg.invoice_id')}))`;
}
