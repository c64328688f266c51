/*
 * "Waiting for this person" as a SQL condition on invoices aliased `i`, for the one place
 * that decides invoice visibility (src/invoices/visibility.ts). The ids are an array (an
 * InitPlan computed once per statement), so a list query stays a scan of its own index
 * with one extra id test. `invoiceId` names the column it tests (the visibility test uses
 * invoice_groups' own, inside its exists).
 */
import type { Db } from '../db/connection';

export const waitingForApprover = (db: Db, user: { id: number; waitingInvoiceIds?: number[] }, invoiceId: 'i.id' | 'vg.invoice_id' = 'i.id') =>
  db`${invoiceId === 'i.id' ? db`i.id` : db`vg.invoice_id`} = any(${waitingInvoiceIds(db, user)})`;

/**
 * The ids of the invoices waiting for this user, as an SQL array: the ones read once for this
 * request when there are (a GET page, src/approvals/nav-count.ts), else approval_waiting() itself.
 * Each call of approval_waiting() costs about a millisecond of planning (its statements run with
 * custom plans, migrations/0031), and a list view used to call it in five of its queries.
 */
export const waitingInvoiceIds = (db: Db, user: { id: number; waitingInvoiceIds?: number[] }) =>
  user.waitingInvoiceIds ? db`${user.waitingInvoiceIds}::bigint[]` : db`array(select w.invoice_id from approval_waiting(${user.id}) w)`;
