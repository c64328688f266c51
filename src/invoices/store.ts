/*
 * Storing received e-invoice files. Every file is kept, byte for byte, as a document; what
 * the reader makes of it becomes invoices (with lines, tax breakdown and attachments) or,
 * when the reader refuses it, a quarantine reason. Reading is pure CPU and happens before
 * the transaction opens, so the transaction only writes.
 */
import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import type { Db, Sql } from '../db/connection';
import { readEInvoice, type ReadResult } from '../einvoice/index';
import { afterInvoicesImported } from './after-import';
import { flagDuplicates, type PossibleDuplicate } from './duplicates';
import { insertInvoices, insertInvoicesOfDocuments } from './insert-invoices';
import { originalBytes, originalColumns, type StoredOriginal } from './original';
import { READER_VERSION } from './reader-version';

export type DocumentSource = 'pagero' | 'upload';

export type DocumentInput = {
  source: DocumentSource;
  bytes: Uint8Array;
  filename?: string | null;
  contentType?: string | null;
  pageroDocumentId?: string | null;
  pageroMetadata?: unknown;
  /** Pagero: the document's company. Upload: the company the uploader chose, for invoices whose buyer names no known company. */
  companyId?: number | null;
  fetchedByConnectionId?: number | null;
  uploadedByUserId?: number | null;
};

export type ReadLimits = { maxBytes: number };

export type StoreResult = {
  documentId: number;
  /** True when a Pagero document with the same id was stored before: nothing was written. */
  alreadyImported: boolean;
  invoiceIds: number[];
  /** The reader's one-sentence reason, when the document was quarantined. */
  quarantined?: string;
  duplicates: PossibleDuplicate[];
};

const INV_SCANNED_BY = { pagero: 'Pagero', upload: 'Upload' } as const;

/** Stores one received file and the invoices read from it, in one transaction. */
export async function storeDocument(db: Db, input: DocumentInput, limits: ReadLimits): Promise<StoreResult> {
  const reading = readEInvoice(input.bytes, { filename: input.filename ?? undefined, maxBytes: limits.maxBytes });
  return inTransaction(db, async (tx) => {
    const [doc]: [{ id: number; receivedAt: Date }?] = await tx`
      insert into documents ${tx(documentRow(input, reading))}
      on conflict (pagero_document_id) do nothing
      returning id::int, received_at`;
    if (!doc) return alreadyImported(tx, input.pageroDocumentId!);
    const owner = ownerOf(doc.id, input.companyId ?? null, INV_SCANNED_BY[input.source], doc.receivedAt);
    return { documentId: doc.id, alreadyImported: false, ...(await importInvoices(tx, owner, reading)) };
  });
}

/**
 * Stores a batch of Pagero documents (distinct document ids) in one transaction with one
 * statement per table: the sync's fast path. Should the database refuse a value, the batch
 * is stored again one document at a time, so that only the offending file is quarantined.
 */
export async function storePageroDocuments(sql: Sql, inputs: DocumentInput[], limits: ReadLimits, readings = readDocuments(inputs, limits)): Promise<StoreResult[]> {
  if (inputs.length === 0) return [];
  if (inputs.some((input) => !input.pageroDocumentId)) throw new Error('storePageroDocuments needs a Pagero document id on every input');
  try {
    return await inTransaction(sql, (tx) => storeBatch(tx, inputs, readings));
  } catch (error) {
    if (!isDataError(error)) throw error;
    const results: StoreResult[] = [];
    for (const input of inputs) results.push(await storeDocument(sql, input, limits));
    return results;
  }
}

/** The reader's answer for each file: pure CPU, done before any transaction opens (the sync reads one batch while the previous one stores). */
export const readDocuments = (inputs: DocumentInput[], limits: ReadLimits): ReadResult[] =>
  inputs.map((input) => readEInvoice(input.bytes, { filename: input.filename ?? undefined, maxBytes: limits.maxBytes }));

/**
 * The same, giving the event loop a turn after each file: the previous batch's store is a
 * dozen statements in a row, and each answer would otherwise wait for the whole batch to be read.
 */
export async function readDocumentsYielding(inputs: DocumentInput[], limits: ReadLimits): Promise<ReadResult[]> {
  const readings: ReadResult[] = [];
  for (const input of inputs) {
    readings.push(readEInvoice(input.bytes, { filename: input.filename ?? undefined, maxBytes: limits.maxBytes }));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return readings;
}

async function storeBatch(tx: Db, inputs: DocumentInput[], readings: ReadResult[]): Promise<StoreResult[]> {
  const rows = inputs.map((input, i) => documentRow(input, readings[i]!));
  const inserted = await tx<{ id: number; pageroDocumentId: string; receivedAt: Date }[]>`
    insert into documents ${tx(rows, ...DOCUMENT_COLUMNS)}
    on conflict (pagero_document_id) do nothing
    returning id::int, pagero_document_id, received_at`;
  const insertedById = new Map(inserted.map((row) => [row.pageroDocumentId, row]));
  const missing = inputs.filter((input) => !insertedById.has(input.pageroDocumentId!)).map((input) => input.pageroDocumentId!);
  const existing = new Map(
    missing.length === 0
      ? []
      : (await tx<{ id: number; pageroDocumentId: string }[]>`select id::int, pagero_document_id from documents where pagero_document_id = any(${missing})`).map(
          (row) => [row.pageroDocumentId, row.id] as const,
        ),
  );

  const readable = inputs.flatMap((input, i) => {
    const doc = insertedById.get(input.pageroDocumentId!);
    const reading = readings[i]!;
    if (!doc || !reading.ok) return [];
    return [{ index: i, owner: { documentId: doc.id, companyId: input.companyId ?? null, invScannedBy: INV_SCANNED_BY[input.source], receivedAt: doc.receivedAt }, invoices: reading.invoices }];
  });
  const invoiceIds = await insertInvoicesOfDocuments(tx, readable);
  const idsByIndex = new Map(readable.map((r, k) => [r.index, invoiceIds[k]!]));
  const allIds = invoiceIds.flat();
  const duplicates = await flagDuplicates(tx, allIds);
  await afterInvoicesImported(tx, allIds);

  return inputs.map((input, i) => {
    const doc = insertedById.get(input.pageroDocumentId!);
    if (!doc) return { documentId: existing.get(input.pageroDocumentId!)!, alreadyImported: true, invoiceIds: [], duplicates: [] };
    const reading = readings[i]!;
    const ids = idsByIndex.get(i) ?? [];
    return {
      documentId: doc.id,
      alreadyImported: false,
      invoiceIds: ids,
      ...(reading.ok ? {} : { quarantined: reading.error }),
      duplicates: duplicates.filter((d) => ids.includes(d.invoiceId)),
    };
  });
}

/**
 * Reads a stored document again from its bytes (after a reader fix) and replaces its
 * invoices with what the reader now makes of it. Undefined when there is no such document.
 */
export async function rereadDocument(db: Db, documentId: number, limits: ReadLimits): Promise<StoreResult | undefined> {
  return inTransaction(db, async (tx) => {
    const [doc]: [(StoredOriginal & { filename: string | null; companyId: number | null; invScannedBy: 'Pagero' | 'Upload'; receivedAt: Date })?] = await tx`
      select content, content_zstd, filename, company_id::int, inv_scanned_by, received_at from documents where id = ${documentId} for update`;
    if (!doc) return undefined;
    const reading = readEInvoice(originalBytes(doc), { filename: doc.filename ?? undefined, maxBytes: limits.maxBytes });
    const pointingHere = await tx<{ id: number }[]>`
      select d.id::int from invoices d join invoices o on o.id = d.duplicate_of
      where o.document_id = ${documentId} and d.document_id <> ${documentId}`;
    await tx`delete from invoices where document_id = ${documentId}`;
    await tx`
      update documents
      set status = ${reading.ok ? 'imported' : 'quarantined'}, quarantine_reason = ${reading.ok ? null : reading.error},
          last_read_at = now(), reader_version = ${READER_VERSION}
      where id = ${documentId}`;
    const owner = ownerOf(documentId, doc.companyId, doc.invScannedBy, doc.receivedAt);
    const result = await importInvoices(tx, owner, reading);
    await flagDuplicates(tx, pointingHere.map((r) => r.id));
    return { documentId, alreadyImported: false, ...result };
  });
}

export type RereadSummary = { reread: number; imported: number; stillQuarantined: number };

/** Re-reads every quarantined document, each in its own transaction, oldest first. */
export async function rereadQuarantinedDocuments(sql: Sql, limits: ReadLimits): Promise<RereadSummary> {
  const summary: RereadSummary = { reread: 0, imported: 0, stillQuarantined: 0 };
  let afterId = 0;
  for (;;) {
    const batch = await sql<{ id: number }[]>`
      select id::int from documents where status = 'quarantined' and id > ${afterId} order by id limit 100`;
    if (batch.length === 0) return summary;
    for (const { id } of batch) {
      const result = await rereadDocument(sql, id, limits);
      summary.reread += 1;
      if (result?.quarantined) summary.stillQuarantined += 1;
      else if (result) summary.imported += 1;
    }
    afterId = batch.at(-1)!.id;
  }
}

type Owner = Parameters<typeof insertInvoices>[1];

/**
 * A Pagero document's company is Pagero's word; an uploaded file's own buyer comes first and
 * the company its uploader chose only fills in when the file names no company apdesk knows
 * (a re-read decides the same way, so it never moves an invoice the file places elsewhere).
 */
const ownerOf = (documentId: number, companyId: number | null, invScannedBy: Owner['invScannedBy'], receivedAt: Date): Owner =>
  invScannedBy === 'Upload'
    ? { documentId, companyId: null, fallbackCompanyId: companyId, invScannedBy, receivedAt }
    : { documentId, companyId, invScannedBy, receivedAt };

/**
 * The invoices of a document that read well. A database refusal (a value outside what a
 * column takes) must not lose the file: the savepoint rolls back the invoices only and the
 * document stays, quarantined with a sentence saying so.
 */
async function importInvoices(tx: Db, owner: Owner, reading: ReadResult): Promise<Omit<StoreResult, 'documentId' | 'alreadyImported'>> {
  if (!reading.ok) return { invoiceIds: [], quarantined: reading.error, duplicates: [] };
  try {
    return await inTransaction(tx, async (sp) => {
      const invoiceIds = await insertInvoices(sp, owner, reading.invoices);
      const duplicates = await flagDuplicates(sp, invoiceIds);
      await afterInvoicesImported(sp, invoiceIds);
      return { invoiceIds, duplicates };
    });
  } catch (error) {
    if (!isDataError(error)) throw error;
    const reason = 'The invoice was read but apdesk could not store one of its values; it is kept here for a closer look.';
    await tx`update documents set status = 'quarantined', quarantine_reason = ${reason} where id = ${owner.documentId}`;
    return { invoiceIds: [], quarantined: reason, duplicates: [] };
  }
}

/** SQLSTATE class 22 (data exception: numeric overflow, bad date, invalid text…). */
const isDataError = (error: unknown) => String((error as { code?: string }).code ?? '').startsWith('22');

async function alreadyImported(tx: Db, pageroDocumentId: string): Promise<StoreResult> {
  const [existing] = await tx<{ id: number }[]>`select id::int from documents where pagero_document_id = ${pageroDocumentId}`;
  return { documentId: existing!.id, alreadyImported: true, invoiceIds: [], duplicates: [] };
}

const DOCUMENT_COLUMNS = [
  'source', 'invScannedBy', 'filename', 'contentType', 'sizeBytes', 'sha256', 'content', 'contentZstd', 'pageroDocumentId', 'pageroMetadata',
  'companyId', 'fetchedByConnectionId', 'uploadedByUserId', 'status', 'quarantineReason', 'readerVersion',
] as const satisfies readonly (keyof ReturnType<typeof documentRow>)[];

function documentRow(input: DocumentInput, reading: ReadResult) {
  return {
    source: input.source,
    invScannedBy: INV_SCANNED_BY[input.source],
    filename: input.filename ?? null,
    contentType: input.contentType ?? null,
    sizeBytes: input.bytes.byteLength,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    ...originalColumns(input.bytes),
    pageroDocumentId: input.pageroDocumentId ?? null,
    pageroMetadata: (input.pageroMetadata ?? null) as postgres.JSONValue,
    companyId: input.companyId ?? null,
    fetchedByConnectionId: input.fetchedByConnectionId ?? null,
    uploadedByUserId: input.uploadedByUserId ?? null,
    status: reading.ok ? 'imported' : 'quarantined',
    quarantineReason: reading.ok ? null : reading.error,
    readerVersion: READER_VERSION,
  };
}

/** A transaction on a pool, or a savepoint when already inside one (the sync may batch documents). */
function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  if ('savepoint' in db) return db.savepoint((sp) => work(sp)) as Promise<T>;
  return (db as Sql).begin((tx) => work(tx)) as Promise<T>;
}
