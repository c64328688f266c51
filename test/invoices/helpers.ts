import { readFileSync } from 'node:fs';
import type { Sql } from '../../src/db/connection';
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
