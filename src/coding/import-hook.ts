/*
 * What happens to freshly imported invoices, inside the import transaction: coding rules
 * code their lines, invoices with an order reference are matched to their PO, and those
 * that end up coded and matched move to Ready. Cheap when there is nothing to do (no rules,
 * no order references).
 */
import type { Db } from '../db/connection';
import { matchInvoices } from '../matching/match-invoices';
import { applyCodingRules } from './apply-rules';
import { refreshReadiness } from './readiness';

export async function codeAndMatchImportedInvoices(db: Db, invoiceIds: number[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  const { linesCoded } = await applyCodingRules(db, invoiceIds);
  await matchInvoices(db, invoiceIds, { fresh: true });
  // Ready needs every line coded, and a fresh invoice's lines are coded by rules or not at all: when no rule coded a
  // line, no invoice of the batch can be Ready (and, Received, none can fall back), so the readiness query is skipped.
  if (linesCoded > 0) await refreshReadiness(db, invoiceIds);
}
