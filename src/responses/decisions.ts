/*
 * Decisions that answer the supplier. Called inside the transaction that makes the decision
 * (a status change, an import, a confirmed payment), so the response exists exactly when the
 * decision does, and its sending job is queued in that same transaction. Only invoices that
 * arrived through Pagero are answered; uploads never are.
 */
import type { Db } from '../db/connection';
import { isActionCode, isReasonCode, type ResponseCode } from './codes';
import { parseEndpoint } from './document';
import { enqueueResponseJob } from './enqueue';
import { isEnabled } from './settings';

export type Decision = {
  invoiceId: number;
  code: ResponseCode;
  userId: number | null;
  reasonCode?: string | null;
  actionCode?: string | null;
  reasonText?: string | null;
};

/** Records one response (and queues its job) when the company answers this decision; its id, or null. */
export async function queueResponse(db: Db, decision: Decision): Promise<number | null> {
  const [invoice] = await db<{ companyId: number | null; invScannedBy: string; sellerEndpointId: string | null; buyerEndpointId: string | null }[]>`
    select company_id::int, inv_scanned_by, seller_endpoint_id, buyer_endpoint_id from invoices where id = ${decision.invoiceId}`;
  if (!invoice || invoice.invScannedBy !== 'Pagero' || invoice.companyId === null) return null;
  if (!(await isEnabled(db, invoice.companyId, decision.code))) return null;
  const problem = !parseEndpoint(invoice.sellerEndpointId)
    ? 'Not sent: the supplier’s invoice carries no Peppol endpoint id (BT-34), so Pagero cannot route a response to them.'
    : !parseEndpoint(invoice.buyerEndpointId)
      ? 'Not sent: the invoice names no Peppol endpoint id of ours (BT-49) to send the response from.'
      : null;
  const [row] = await db<{ id: number }[]>`
    insert into invoice_responses (invoice_id, company_id, response_code, reason_code, action_code, reason_text, decided_by, state, problem)
    values (${decision.invoiceId}, ${invoice.companyId}, ${decision.code},
            ${isReasonCode(decision.reasonCode) ? decision.reasonCode : null}, ${isActionCode(decision.actionCode) ? decision.actionCode : null},
            ${decision.reasonText?.trim() || null}, ${decision.userId}, ${problem ? 'not_sent' : 'queued'}, ${problem})
    returning id::int`;
  if (!problem) await enqueueResponseJob(db, row!.id);
  return row!.id;
}

export type StatusDecision = {
  invoiceId: number;
  from: string;
  to: string;
  userId: number | null;
  reason?: string | null;
  reasonCode?: string | null;
  actionCode?: string | null;
};

/**
 * The response a status change gives, if any: on hold → UQ, rejected → RE, approved → AP,
 * into review → IP (unless the supplier's latest answer already says "in process").
 * Whatever makes an invoice Approved (a manager's approval, the last step of an approval
 * chain) calls this in its transaction.
 */
export async function respondToStatusChange(db: Db, change: StatusDecision): Promise<number | null> {
  const withReason = { reasonCode: change.reasonCode, actionCode: change.actionCode, reasonText: change.reason };
  const base = { invoiceId: change.invoiceId, userId: change.userId };
  if (change.to === 'on_hold') return queueResponse(db, { ...base, code: 'UQ', ...withReason });
  if (change.to === 'rejected') return queueResponse(db, { ...base, code: 'RE', ...withReason });
  // back to Approved after the ERP refused the export is no new decision for the supplier
  if (change.to === 'approved' && change.from !== 'export_failed') return queueResponse(db, { ...base, code: 'AP' });
  if (change.to === 'in_review') {
    const [latest] = await db<{ code: string }[]>`
      select response_code as code from invoice_responses where invoice_id = ${change.invoiceId} and state <> 'cancelled' order by id desc limit 1`;
    return latest?.code === 'IP' ? null : queueResponse(db, { ...base, code: 'IP' });
  }
  return null;
}

/** AB for invoices just imported from Pagero (inside the import transaction; off by default). */
export async function respondToImport(db: Db, invoiceIds: number[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  const companies = await db<{ companyId: number }[]>`
    select distinct i.company_id::int from invoices i
    left join response_settings s on s.company_id = i.company_id
    where i.id = any(${invoiceIds}::bigint[]) and i.inv_scanned_by = 'Pagero' and s.acknowledged`;
  if (companies.length === 0) return; // the usual case: AB is off, nothing more to read
  const ids = await db<{ id: number }[]>`
    select id::int from invoices where id = any(${invoiceIds}::bigint[]) and company_id = any(${companies.map((c) => c.companyId)}::bigint[]) order by id`;
  for (const { id } of ids) await queueResponse(db, { invoiceId: id, code: 'AB', userId: null });
}

/**
 * PD "paid" when the ERP confirms a payment (the payment API, an export result). Once per
 * invoice: a repeated confirmation returns the response already made.
 */
export async function queuePaidResponse(db: Db, invoiceId: number, opts: { userId?: number | null; note?: string | null } = {}): Promise<number | null> {
  await db`select pg_advisory_xact_lock(7311170, ${invoiceId}::int)`;
  const [existing] = await db<{ id: number }[]>`
    select id::int from invoice_responses where invoice_id = ${invoiceId} and response_code = 'PD' and state <> 'cancelled' order by id limit 1`;
  if (existing) return existing.id;
  return queueResponse(db, { invoiceId, code: 'PD', userId: opts.userId ?? null, reasonText: opts.note ?? null });
}
