import { readFileSync } from 'node:fs';
import type { Sql } from '../../src/db/connection';
import type { Browserless, Response_ } from '../helpers/client';
import { storeDocument, type DocumentInput } from '../../src/invoices/store';

const CORPUS = new URL('../../../shared/corpus/', import.meta.url);

/** A file of the shared e-invoice corpus (read-only). */
export const corpusFile = (path: string) => new Uint8Array(readFileSync(new URL(path, CORPUS)));

export const UBL_EXAMPLE = 'ubl/ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example1.xml';
/** The same invoice as UBL_EXAMPLE (number 12115118, NL8200.98.395.B.01, 250.33), written as CII. */
export const CII_SAME_INVOICE = 'cii/ConnectingEurope-eInvoicing-EN16931__CII_example1.xml';
export const FATTURAPA_TWO_BODIES = 'fatturapa/FatturaElettronica.NET__IT02182030391_32.xml';

export const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../einvoice/fixtures/${name}`, import.meta.url)));

export const MAX_BYTES = 20 * 1024 * 1024;

/** Stores a corpus file as an upload, the way the upload form does. */
export function uploadCorpusFile(sql: Sql, path: string, extra: Partial<DocumentInput> = {}) {
  return storeDocument(sql, { source: 'upload', bytes: corpusFile(path), filename: path.split('/').pop()!, contentType: 'application/xml', ...extra }, { maxBytes: MAX_BYTES });
}

export type InvoiceAttrs = Partial<{
  number: string;
  sellerName: string | null;
  sellerVatId: string | null;
  companyId: number | null;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  total: string;
  status: string;
  heldFrom: string | null;
  groupId: number | null;
  duplicateOf: number | null;
  warnings: string[];
  attachmentCount: number;
  invScannedBy: 'Pagero' | 'Upload';
  receivedAt: Date;
  documentType: 'invoice' | 'credit_note';
  billingReference: string | null;
}>;

let position = 0;

/** Invoices straight into the table (no reader), for list tests: one statement, ids in the order given. */
export async function insertInvoiceRows(sql: Sql, rows: InvoiceAttrs[]): Promise<number[]> {
  const [doc] = await sql<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
    values ('upload', 'Upload', 'rows.xml', 'application/xml', 10, 'x', convert_to('<Invoice/>', 'UTF8'), 'imported', 'test') returning id::int`;
  const ids: number[] = [];
  for (const r of rows) {
    position += 1;
    const [row] = await sql<{ id: number }[]>`
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, due_date, currency, seller_name, seller_vat_id,
        tax_inclusive_amount, payable_amount, billing_reference, warnings, attachment_count, company_id, inv_scanned_by, status, held_from,
        duplicate_of, received_at)
      values (${doc!.id}, ${position}, 'ubl', ${r.documentType ?? 'invoice'}, ${r.number ?? `T-${position}`}, ${r.issueDate ?? '2026-01-15'},
        ${r.dueDate === undefined ? '2026-02-15' : r.dueDate}, ${r.currency ?? 'EUR'}, ${r.sellerName === undefined ? 'Test Supplier' : r.sellerName},
        ${r.sellerVatId === undefined ? 'IT00000000001' : r.sellerVatId}, ${r.total ?? '100.00'}, ${r.total ?? '100.00'}, ${r.billingReference ?? null},
        ${r.warnings ?? []}, ${r.attachmentCount ?? 0}, ${r.companyId ?? null}, ${r.invScannedBy ?? 'Pagero'}, ${r.status ?? 'received'},
        ${r.heldFrom ?? (r.status === 'on_hold' ? 'in_review' : null)}, ${r.duplicateOf ?? null}, ${r.receivedAt ?? new Date()})
      returning id::int`;
    await sql`insert into invoice_groups (invoice_id, group_id, status) select id, ${r.groupId ?? null}, status from invoices where id = ${row!.id}`;
    ids.push(row!.id);
  }
  return ids;
}

export async function makeGroup(sql: Sql, name: string, members: number[] = []) {
  const [group] = await sql<{ id: number }[]>`
    insert into document_groups (name, priority, conditions) values (${name}, (select coalesce(max(priority), 0) + 1 from document_groups), '{"join":"and","children":[]}')
    returning id::int`;
  for (const userId of members) await sql`insert into document_group_members (group_id, user_id) values (${group!.id}, ${userId})`;
  return group!.id;
}

export async function makeCompany(sql: Sql, name: string) {
  const [company] = await sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values (${`test-${name}`}, ${name}) returning id::int`;
  return company!.id;
}

/** The invoice numbers in a list page's table, in order. */
export const numbersIn = (html: string) => [...html.matchAll(/<td class="number"><span class="number-line"><a href="\/invoices\/\d+(?:\?[^"]*)?"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!);

/** A link of the pager ("next" or "prev"), unescaped. */
export const pagerLink = (html: string, rel: 'next' | 'prev') => new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replaceAll('&amp;', '&');

/**
 * A plain (no-JS) upload answers 303 to its result page (Post/Redirect/Get): asserts that and
 * returns the result page as the uploader reads it.
 */
export async function followResult(who: Browserless, res: Response_): Promise<Response_> {
  if (res.status !== 303) return res;
  if (!/^\/invoices\/uploads\/[0-9a-f-]{36}$/.test(res.location ?? '')) throw new Error(`an upload redirected to ${res.location}`);
  return who.get(res.location!);
}
