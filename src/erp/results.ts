/*
 * The ERP's answer to an export: booked ("exported", with the ERP's document id) or
 * refused ("failed", with its message). Everything that hands invoices to an ERP ends here:
 * the API's export-result, an export batch the ERP confirms. One transaction row-locks the
 * invoice, checks it is awaiting export, moves the status and writes the history; the
 * webhooks (invoice.exported / invoice.export_failed) follow from the status change itself.
 */
import type { Db, Sql } from '../db/connection';
import { statusLabel } from '../invoices/statuses';

/** Statuses in which an invoice waits for the ERP's answer. */
export const AWAITING_EXPORT = ['approved', 'export_failed'] as const;

export const ERP_DOCUMENT_ID_MAX = 200;
export const ERP_MESSAGE_MAX = 2000;

/** Who sent the result: an API token, an export batch, or a signed-in user (userId). */
export type ResultActor = { userId?: number | null; label: string };

export type ExportResultInput = {
  invoiceId: number;
  outcome: 'exported' | 'failed';
  erpDocumentId?: string | null;
  message?: string | null;
  actor: ResultActor;
};

export type ExportResultOutcome =
  | { ok: true; invoiceId: number; from: string; status: 'exported' | 'export_failed'; changed: boolean }
  | { ok: false; problem: 'not_found'; message: string }
  | { ok: false; problem: 'not_awaiting_export'; status: string; message: string }
  | { ok: false; problem: 'invalid'; field: 'erpDocumentId' | 'message'; message: string };

/** Records the result in its own transaction. */
export function recordExportResult(sql: Sql, input: ExportResultInput): Promise<ExportResultOutcome> {
  return sql.begin((tx) => recordExportResultIn(tx, input));
}

/** The same, inside the caller's transaction (an export batch confirming many invoices). */
export async function recordExportResultIn(tx: Db, input: ExportResultInput): Promise<ExportResultOutcome> {
  const erpDocumentId = clean(input.erpDocumentId);
  const message = clean(input.message);
  if (input.outcome === 'exported' && erpDocumentId && erpDocumentId.length > ERP_DOCUMENT_ID_MAX) {
    return { ok: false, problem: 'invalid', field: 'erpDocumentId', message: `The ERP document id is longer than ${ERP_DOCUMENT_ID_MAX} characters.` };
  }
  if (input.outcome === 'failed' && !message) return { ok: false, problem: 'invalid', field: 'message', message: 'A failed export needs the ERP’s message.' };
  if (message && message.length > ERP_MESSAGE_MAX) return { ok: false, problem: 'invalid', field: 'message', message: `The message is longer than ${ERP_MESSAGE_MAX} characters.` };

  const [invoice]: [{ status: string; erpDocumentId: string | null; erpMessage: string | null }?] = await tx`
    select status, erp_document_id, erp_message from invoices where id = ${input.invoiceId} for no key update`;
  if (!invoice) return { ok: false, problem: 'not_found', message: `There is no invoice ${input.invoiceId}.` };
  const from = invoice.status;
  const to = input.outcome === 'exported' ? 'exported' : 'export_failed';

  // The same answer again (an ERP retrying its call) is harmless: nothing changes.
  if (from === 'exported' && to === 'exported' && (erpDocumentId ?? null) === invoice.erpDocumentId) {
    return { ok: true, invoiceId: input.invoiceId, from, status: to, changed: false };
  }
  if (from === 'export_failed' && to === 'export_failed' && message === invoice.erpMessage) {
    return { ok: true, invoiceId: input.invoiceId, from, status: to, changed: false };
  }
  if (!(AWAITING_EXPORT as readonly string[]).includes(from)) {
    return {
      ok: false,
      problem: 'not_awaiting_export',
      status: from,
      message: `Invoice ${input.invoiceId} is ${statusLabel(from)}, not awaiting export: only Approved or Export failed invoices take an export result.`,
    };
  }

  if (to === 'exported') {
    await tx`
      update invoices
      set status = 'exported', erp_document_id = ${erpDocumentId}, erp_message = null, exported_at = now(),
          status_changed_at = now(), status_reason = null, status_reason_code = null, status_action_code = null
      where id = ${input.invoiceId}`;
  } else {
    await tx`
      update invoices
      set status = 'export_failed', erp_message = ${message}, export_failed_at = now(),
          status_changed_at = case when status = 'export_failed' then status_changed_at else now() end
      where id = ${input.invoiceId}`;
  }
  const reason = to === 'exported' ? (erpDocumentId ? `ERP document ${erpDocumentId}` : 'Booked by the ERP') : message;
  if (from === to) {
    // a second failure: the status stays, the new message is history
    await tx`
      insert into invoice_events (invoice_id, actor_id, actor_label, action, from_status, to_status, reason)
      values (${input.invoiceId}, ${input.actor.userId ?? null}, ${input.actor.label}, 'export_result', ${from}, ${to}, ${reason})`;
  } else {
    await tx`
      insert into invoice_events (invoice_id, actor_id, actor_label, action, from_status, to_status, reason)
      values (${input.invoiceId}, ${input.actor.userId ?? null}, ${input.actor.label}, 'status', ${from}, ${to}, ${reason})`;
  }
  return { ok: true, invoiceId: input.invoiceId, from, status: to, changed: true };
}

const clean = (s: string | null | undefined) => {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
};
