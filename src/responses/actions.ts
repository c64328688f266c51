/*
 * Send again and Cancel on the invoice page. A filepart Pagero holds in Error or
 * AwaitingInteraction is restarted or cancelled at Pagero by the job (the web process never
 * calls Pagero for this); anything not yet at Pagero is re-queued or cancelled here.
 */
import type { Sql } from '../db/connection';
import { enqueueResponseJob } from './enqueue';
import { canCancel, canSendAgain } from './page-data';

export type ResponseActionOutcome = { ok: true; message: string } | { ok: false; message: string };

export async function requestResponseAction(sql: Sql, invoiceId: number, responseId: number, action: 'send_again' | 'cancel'): Promise<ResponseActionOutcome> {
  return sql.begin(async (tx) => {
    const [r] = await tx<{ state: string; requestedAction: string | null; filepartId: string | null; stale: boolean }[]>`
      select state, requested_action, filepart_id, (state = 'sending' and updated_at < now() - interval '5 minutes') as stale
      from invoice_responses where id = ${responseId} and invoice_id = ${invoiceId} for update`;
    if (!r) return { ok: false, message: 'That response does not exist.' };
    if (action === 'send_again') {
      if (!canSendAgain(r)) return { ok: false, message: 'This response cannot be sent again now.' };
      if (r.state === 'needs_action' && r.filepartId) {
        await tx`update invoice_responses set requested_action = 'restart', updated_at = now() where id = ${responseId}`;
      } else {
        await tx`update invoice_responses set state = 'queued', problem = null, attempts = 0, polls = 0, next_attempt_at = null, updated_at = now() where id = ${responseId}`;
      }
      await enqueueResponseJob(tx, responseId);
      return { ok: true, message: 'The response is being sent again.' };
    }
    if (!canCancel(r)) return { ok: false, message: 'This response cannot be cancelled now.' };
    if (r.state === 'needs_action' && r.filepartId) {
      await tx`update invoice_responses set requested_action = 'cancel', updated_at = now() where id = ${responseId}`;
      await enqueueResponseJob(tx, responseId);
      return { ok: true, message: 'Cancelling the response at Pagero.' };
    }
    await tx`update invoice_responses set state = 'cancelled', problem = null, next_attempt_at = null, updated_at = now() where id = ${responseId}`;
    return { ok: true, message: 'The response was cancelled; it will not be sent.' };
  });
}
