/* What the invoice page and the dashboard show of the responses. */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from '../invoices/visibility';

const WAITING = ['queued', 'waiting_connection', 'sending', 'retrying', 'processing'];
const FAILED = ['needs_action', 'failed', 'not_sent'];
const OPEN = [...WAITING, ...FAILED];

export type ResponseView = {
  id: number;
  responseCode: string;
  reasonCode: string | null;
  actionCode: string | null;
  reasonText: string | null;
  decidedByName: string | null;
  decidedAt: Date;
  state: string;
  problem: string | null;
  requestedAction: string | null;
  filepartId: string | null;
  fileId: string | null;
  sentAt: Date | null;
  sentByName: string | null;
  nextAttemptAt: Date | null;
  /** An upload started over five minutes ago and never recorded: its worker died (Send again is safe, it asks Pagero first). */
  stale: boolean;
};

/** The responses of an invoice already found visible, oldest first. */
export function invoiceResponses(db: Db, invoiceId: number) {
  return db<ResponseView[]>`
    select r.id::int, r.response_code, r.reason_code, r.action_code, r.reason_text, r.decided_at, r.state, r.problem, r.requested_action,
           r.filepart_id, r.file_id, r.sent_at, r.next_attempt_at, (r.state = 'sending' and r.updated_at < now() - interval '5 minutes') as stale,
           d.first_name || ' ' || d.last_name as decided_by_name,
           su.first_name || ' ' || su.last_name as sent_by_name
    from invoice_responses r
    left join users d on d.id = r.decided_by
    left join pagero_connections sc on sc.id = r.sent_by_connection_id
    left join users su on su.id = sc.user_id
    where r.invoice_id = ${invoiceId}
    order by r.id`;
}

/** Of the invoices this user sees: waiting = not yet delivered, nothing to do but wait; failed = a person must look. */
export async function responseCounts(db: Db, user: CurrentUser): Promise<{ waiting: number; failed: number }> {
  const [row] = await db<{ waiting: number; failed: number }[]>`
    select count(*) filter (where r.state = any(${WAITING}::text[]))::int as waiting,
           count(*) filter (where r.state = any(${FAILED}::text[]))::int as failed
    from invoice_responses r join invoices i on i.id = r.invoice_id
    where r.state = any(${OPEN}::text[]) and ${visibleInvoices(db, user)}`;
  return row ?? { waiting: 0, failed: 0 };
}

export type OpenResponse = { id: number; invoiceId: number; invoiceNumber: string; sellerName: string | null; responseCode: string; state: string; problem: string | null; nextAttemptAt: Date | null; decidedAt: Date };

/** Responses not yet delivered on invoices this user sees, those needing a person first. */
export function openResponses(db: Db, user: CurrentUser, limit = 200) {
  return db<OpenResponse[]>`
    select r.id::int, r.invoice_id::int, i.invoice_number, coalesce(i.seller_name, i.seller_trading_name) as seller_name,
           r.response_code, r.state, r.problem, r.next_attempt_at, r.decided_at
    from invoice_responses r join invoices i on i.id = r.invoice_id
    where r.state = any(${OPEN}::text[]) and ${visibleInvoices(db, user)}
    order by (r.state = any(${FAILED}::text[])) desc, r.decided_at desc, r.id desc
    limit ${limit}`;
}

/** Send again and Cancel, as the page offers them. */
export const canSendAgain = (r: Pick<ResponseView, 'state' | 'requestedAction'> & { stale?: boolean }) =>
  !r.requestedAction && (['needs_action', 'failed', 'retrying', 'waiting_connection'].includes(r.state) || (r.state === 'sending' && !!r.stale));
export const canCancel = (r: Pick<ResponseView, 'state' | 'requestedAction'>) => !r.requestedAction && ['needs_action', 'failed', 'retrying', 'waiting_connection', 'queued', 'not_sent'].includes(r.state);
