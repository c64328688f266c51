/*
 * A batch's three files, written from the database as streams whenever they are downloaded
 * or delivered (never stored, never whole in memory):
 *
 *   <name>.csv   one row per coded line part, the batch's columns (csv-stringify, CRLF, BOM)
 *   <name>.json  {"batch": …, "invoices": [ …each as GET /api/v1/invoices/{id} shows it… ]}, a chunk at a time
 *   <name>.zip   originals/ and attachments/ (yazl; each file read only when the ZIP reaches it)
 *
 * The CSV is for an ERP's import, not a spreadsheet: no apostrophe before a leading "-" or
 * "=", which would change the data (the My Invoices export does add one).
 *
 * Originals and attachments are read through the same functions as the invoice page's
 * downloads (src/invoices/queries.ts), which know how documents are stored. A batch acts
 * for the organisation, so it reads them as a reader who sees every invoice (EXPORTER).
 */
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { invoiceDetails } from '../api/invoice-json';
import type { Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { CSV_WRITE_OPTIONS } from '../invoices/csv';
import { invoiceAttachment, invoiceOriginal } from '../invoices/queries';
import { EXPORT_COLUMNS, isColumnKey } from './columns';
import { batchInvoiceChunks, batchPartRows } from './rows';

export type BatchFileKind = 'csv' | 'json' | 'zip';
export const FILE_KINDS: readonly BatchFileKind[] = ['csv', 'json', 'zip'];
export const CONTENT_TYPES: Record<BatchFileKind, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json', zip: 'application/zip' };

export type BatchForFiles = { id: number; companyId: number; columns: string[]; createdAt: Date };

export const EXPORTER: CurrentUser = { id: 0, email: 'export-batches@apdesk.invalid', firstName: 'Export', lastName: 'batch', roles: ['financial_accounting'], isUserAdmin: false };

/** apdesk-batch-12.csv: the batch number makes every file name unique in a drop folder. */
export const batchFileName = (batchId: number, kind: BatchFileKind) => `apdesk-batch-${batchId}.${kind}`;

export function batchFile(sql: Sql, batch: BatchForFiles, kind: BatchFileKind): Readable {
  if (kind === 'csv') return batchCsv(sql, batch);
  if (kind === 'json') return batchJson(sql, batch);
  return batchZip(sql, batch);
}

export function batchCsv(sql: Sql, batch: BatchForFiles): Readable {
  const keys = batch.columns.filter(isColumnKey);
  async function* records() {
    for await (const row of batchPartRows(sql, batch.id)) yield keys.map((k) => EXPORT_COLUMNS[k].value(row));
  }
  // pipeline: when the reader goes away, the source is destroyed too and its cursor closed.
  return pipeline(Readable.from(records()), stringify({ ...CSV_WRITE_OPTIONS, bom: true, header: true, columns: keys }), () => {});
}

/**
 * The invoices a chunk at a time (src/export/rows.ts: a cursor over the batch, 200 invoices), each
 * chunk read by the API's own serializer in seven queries (invoiceDetails) and written out before
 * the next is read: memory holds one chunk, whatever the batch's size.
 */
export function batchJson(sql: Sql, batch: BatchForFiles): Readable {
  async function* text() {
    yield `{"batch":${JSON.stringify({ id: batch.id, companyId: batch.companyId, createdAt: batch.createdAt.toISOString() })},"invoices":[`;
    let first = true;
    for await (const headers of batchInvoiceChunks(sql, batch.id)) {
      const parts: string[] = [];
      for (const invoice of await invoiceDetails(sql, headers.map((h) => h.invoiceId))) {
        parts.push(`${first ? '' : ','}\n${JSON.stringify(invoice)}`);
        first = false;
      }
      yield parts.join('');
    }
    yield '\n]}\n';
  }
  return Readable.from(text());
}

type ZipEntry = { path: string; load: () => Promise<{ content: Uint8Array } | undefined> };

/** The ZIP's entries: originals/<invoice id>-<file name>, attachments/<invoice id>/<attachment id>-<file name>. */
async function zipEntries(sql: Sql, batchId: number): Promise<ZipEntry[]> {
  const rows = await sql<{ invoiceId: number; attachmentId: number | null; filename: string | null }[]>`
    select i.id::int as invoice_id, null::int as attachment_id, d.filename
    from export_batch_invoices b join invoices i on i.id = b.invoice_id join documents d on d.id = i.document_id
    where b.batch_id = ${batchId}
    union all
    select a.invoice_id::int, a.id::int, a.filename
    from export_batch_invoices b join invoice_attachments a on a.invoice_id = b.invoice_id
    where b.batch_id = ${batchId}
    order by 1, 2 nulls first`;
  return rows.map((r) =>
    r.attachmentId === null
      ? { path: `originals/${r.invoiceId}-${safeName(r.filename, 'invoice.xml')}`, load: () => invoiceOriginal(sql, EXPORTER, r.invoiceId) }
      : { path: `attachments/${r.invoiceId}/${r.attachmentId}-${safeName(r.filename, 'attachment')}`, load: () => invoiceAttachment(sql, EXPORTER, r.invoiceId, r.attachmentId!) },
  );
}

/** A file name from a supplier as one safe path segment. */
export const safeName = (name: string | null, fallback: string) =>
  (name ?? '').replace(/[\\/\x00-\x1f\x7f]/g, '_').replace(/^\.+/, '').slice(0, 150) || fallback;

/** Files read ahead of the ZIP writer: each read is a round trip, so a few run at once; memory stays a few files. */
const ZIP_READ_AHEAD = 8;

export function batchZip(sql: Sql, batch: BatchForFiles): Readable {
  const zip = new ZipFile();
  const out = zip.outputStream as Readable;
  zip.on('error', (error: Error) => out.destroy(error));
  // Same bytes on every download: every entry carries the batch's time.
  const mtime = batch.createdAt;
  zipEntries(sql, batch.id).then(
    (entries) => {
      const pending = new Map<number, Promise<{ content: Uint8Array } | undefined>>();
      const load = (i: number) => {
        for (let k = i; k < Math.min(entries.length, i + ZIP_READ_AHEAD); k++) if (!pending.has(k)) pending.set(k, entries[k]!.load());
        const file = pending.get(i)!;
        pending.delete(i);
        return file;
      };
      entries.forEach((entry, i) => {
        zip.addReadStreamLazy(entry.path, { mtime }, (done) => {
          load(i).then(
            (file) => (file ? done(null, Readable.from([Buffer.from(file.content)])) : done(new Error(`${entry.path} is no longer stored`), Readable.from([]))),
            (error: Error) => done(error, Readable.from([])),
          );
        });
      });
      zip.end();
    },
    (error: Error) => out.destroy(error),
  );
  return out;
}
