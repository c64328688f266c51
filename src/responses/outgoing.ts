/* A response row with what its document needs from the invoice and company. */
import type { Db } from '../db/connection';
import { isActionCode, isReasonCode, isResponseCode } from './codes';
import { buildResponseXml, parseEndpoint, type ResponseDocument } from './document';

export type OutgoingResponse = {
  id: number;
  invoiceId: number;
  companyId: number;
  pageroCompanyId: string;
  companyName: string;
  responseCode: string;
  reasonCode: string | null;
  actionCode: string | null;
  reasonText: string | null;
  decidedAt: Date;
  state: string;
  requestedAction: 'restart' | 'cancel' | null;
  uploadStartedAt: Date | null;
  fileId: string | null;
  filepartId: string | null;
  attempts: number;
  polls: number;
  invoiceNumber: string;
  issueDate: string;
  typeCode: string | null;
  documentType: string;
  sellerName: string | null;
  sellerEndpointId: string | null;
  buyerName: string | null;
  buyerEndpointId: string | null;
};

export async function loadOutgoing(db: Db, id: number): Promise<OutgoingResponse | undefined> {
  const [row] = await db<OutgoingResponse[]>`
    select r.id::int, r.invoice_id::int, r.company_id::int, c.pagero_company_id, c.name as company_name, r.response_code, r.reason_code,
           r.action_code, r.reason_text, r.decided_at, r.state, r.requested_action, r.upload_started_at, r.file_id, r.filepart_id,
           r.attempts, r.polls, i.invoice_number, to_char(i.issue_date, 'YYYY-MM-DD') as issue_date, i.type_code, i.document_type,
           coalesce(i.seller_name, i.seller_trading_name) as seller_name, i.seller_endpoint_id,
           coalesce(i.buyer_name, i.buyer_trading_name) as buyer_name, i.buyer_endpoint_id
    from invoice_responses r
    join invoices i on i.id = r.invoice_id
    join pagero_companies c on c.id = r.company_id
    where r.id = ${id}`;
  return row;
}

/** senderReference and document id of a response: apdesk's response id. */
export const senderReference = (id: number) => String(id);

/** The document; null when an endpoint id is missing (the decision already said so). */
export function responseDocument(r: OutgoingResponse): ResponseDocument | null {
  const sender = parseEndpoint(r.buyerEndpointId);
  const receiver = parseEndpoint(r.sellerEndpointId);
  if (!sender || !receiver || !isResponseCode(r.responseCode)) return null;
  return {
    id: senderReference(r.id),
    issueDate: r.decidedAt.toISOString().slice(0, 10),
    issueTime: r.decidedAt.toISOString().slice(11, 19),
    responseCode: r.responseCode,
    reasonCode: isReasonCode(r.reasonCode) ? r.reasonCode : null,
    reasonText: r.reasonText,
    actionCode: isActionCode(r.actionCode) ? r.actionCode : null,
    sender: { endpoint: sender, name: r.buyerName ?? r.companyName },
    receiver: { endpoint: receiver, name: r.sellerName ?? receiver.id },
    invoice: { number: r.invoiceNumber, issueDate: r.issueDate, typeCode: r.typeCode ?? (r.documentType === 'credit_note' ? '381' : '380') },
  };
}

export const responseXml = (r: OutgoingResponse) => {
  const doc = responseDocument(r);
  return doc ? buildResponseXml(doc) : null;
};
