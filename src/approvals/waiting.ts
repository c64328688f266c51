/*
 * "Waiting for this person" as a SQL condition on invoices aliased `i`, for the one place
 * that decides invoice visibility (src/invoices/visibility.ts). The ids are an array (an
 * InitPlan computed once per statement), so a list query stays a scan of its own index
 * with one extra id test. `invoiceId` names the column it tests (the visibility test uses
 * invoice_groups' own, inside its exists).
 */
import type { Db } from '../db/connection';

export const waitingForApprover = (db: Db, userId: number, invoiceId: 'i.id' | 'vg.invoice_id' = 'i.id') =>
  db`${invoiceId === 'i.id' ? db`i.id` : db`vg.invoice_id`} = any(array(select w.invoice_id from approval_waiting(${userId}) w))`;
