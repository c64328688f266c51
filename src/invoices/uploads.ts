/* Files uploaded on My Invoices: each one through the same reader and storage as Pagero documents. */
import type { Sql } from '../db/connection';
import { sizeMessage } from '../einvoice/index';
import { storeDocument } from './store';

export type UploadedInvoice = { id: number; invoiceNumber: string; duplicateOf: number | null };
export type UploadOutcome =
  | { filename: string; outcome: 'imported'; invoices: UploadedInvoice[] }
  | { filename: string; outcome: 'rejected'; reason: string };

/**
 * A file over the limit is refused before it is stored (the uploader still has it); any
 * other file is kept, and one the reader refuses waits under Needs attention with its reason.
 */
export async function storeUploads(sql: Sql, files: File[], opts: { userId: number; maxBytes: number }): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = [];
  for (const file of files) {
    const filename = file.name || 'unnamed file';
    if (file.size > opts.maxBytes) {
      outcomes.push({ filename, outcome: 'rejected', reason: sizeMessage(file.size, opts.maxBytes) });
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const stored = await storeDocument(
      sql,
      { source: 'upload', bytes, filename, contentType: file.type || null, uploadedByUserId: opts.userId },
      { maxBytes: opts.maxBytes },
    );
    if (stored.quarantined) outcomes.push({ filename, outcome: 'rejected', reason: stored.quarantined });
    else outcomes.push({ filename, outcome: 'imported', invoices: await uploadedInvoices(sql, stored.invoiceIds) });
  }
  return outcomes;
}

const uploadedInvoices = (sql: Sql, ids: number[]) =>
  sql<UploadedInvoice[]>`
    select id::int, invoice_number, duplicate_of::int from invoices where id = any(${ids}::bigint[]) order by position`;
