import type { Db } from '../db/connection';

/**
 * An invoice's total as My Invoices shows it: a credit note negative, as it counts against the
 * payables. The list sorts, filters and sums by it; migrations/0028 indexes exactly this
 * expression (with id), so keep the two identical.
 */
export const SIGNED_TOTAL = (db: Db) =>
  db`(case when i.document_type = 'credit_note' then -abs(coalesce(i.tax_inclusive_amount, i.payable_amount, 0)) else coalesce(i.tax_inclusive_amount, i.payable_amount, 0) end)`;
