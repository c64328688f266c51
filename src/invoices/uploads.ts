/* Files uploaded on My Invoices: each one through the same reader and storage as Pagero documents. */
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { sizeMessage } from '../einvoice/index';
import { storeDocument } from './store';
import { visibleInvoices } from './visibility';

/** visible: false when the invoice went to a document group the uploader is not in. */
export type UploadedInvoice = { id: number; invoiceNumber: string; duplicateOf: number | null; visible: boolean };
export type UploadOutcome =
  | { filename: string; outcome: 'imported'; invoices: UploadedInvoice[] }
  | { filename: string; outcome: 'rejected'; reason: string };

/**
 * A file over the limit is refused before it is stored (the uploader still has it); any
 * other file is kept, and one the reader refuses waits under Needs attention with its reason.
 */
export async function storeUploads(sql: Sql, files: File[], opts: { user: CurrentUser; maxBytes: number }): Promise<UploadOutcome[]> {
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
      { source: 'upload', bytes, filename, contentType: file.type || null, uploadedByUserId: opts.user.id },
      { maxBytes: opts.maxBytes },
    );
    if (stored.quarantined) outcomes.push({ filename, outcome: 'rejected', reason: stored.quarantined });
    else outcomes.push({ filename, outcome: 'imported', invoices: await uploadedInvoices(sql, opts.user, stored.invoiceIds) });
  }
  return outcomes;
}

const uploadedInvoices = (sql: Sql, user: CurrentUser, ids: number[]) =>
  sql<UploadedInvoice[]>`
    select i.id::int, i.invoice_number, i.duplicate_of::int, (${visibleInvoices(sql, user)}) as visible
    from invoices i where i.id = any(${ids}::bigint[]) order by i.position`;
