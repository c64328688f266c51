/*
 * An upload's result as a record (issue 18, migration 0024): the plain form post stores the
 * files, records what became of each and redirects (303) to /invoices/uploads/<batch>, so a
 * reload of the result page shows it again instead of uploading the files twice. Only the
 * uploader reads a batch, for UPLOAD_RESULT_HOURS; the id is random. What each file became is
 * read live (its document's invoices, through the uploader's visibility), so the page follows
 * later changes, such as a company set from it.
 */
import type { Db, Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { fileLabel, uploadedInvoices, type UploadCompany, type UploadOutcome } from './uploads';

export const UPLOAD_RESULT_HOURS = 24;

const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isBatchId = (value: unknown): value is string => typeof value === 'string' && BATCH_ID.test(value);


/** Records an upload's outcomes for its uploader; returns the batch id. Expired batches of everyone are removed on the way. */
export async function recordUploadBatch(sql: Sql, user: CurrentUser, company: UploadCompany | null, outcomes: UploadOutcome[]): Promise<string> {
  return sql.begin(async (tx) => {
    await purgeUploadBatches(tx);
    const [batch] = await tx<{ id: string }[]>`insert into upload_batches (user_id, company_id) values (${user.id}, ${company?.id ?? null}) returning id::text`;
    const files = outcomes.map((o, position) => ({
      batchId: batch!.id,
      position,
      filename: fileLabel(o.filename),
      documentId: o.documentId,
      rejectedReason: o.outcome === 'rejected' ? o.reason : null,
    }));
    if (files.length > 0) await tx`insert into upload_batch_files ${tx(files, 'batchId', 'position', 'filename', 'documentId', 'rejectedReason')}`;
    return batch!.id;
  });
}

export type LoadedBatch =
  | { state: 'missing' }
  | { state: 'expired'; createdAt: Date }
  | { state: 'live'; createdAt: Date; company: UploadCompany | null; outcomes: UploadOutcome[] };

/** The batch when it is this user's and younger than UPLOAD_RESULT_HOURS; another user's batch is 'missing', as if it did not exist. */
export async function loadUploadBatch(sql: Sql, user: CurrentUser, batchId: string): Promise<LoadedBatch> {
  if (!isBatchId(batchId)) return { state: 'missing' };
  const [batch] = await sql<{ userId: number; createdAt: Date; live: boolean; companyId: number | null; companyName: string | null }[]>`
    select b.user_id::int, b.created_at, b.created_at > now() - ${UPLOAD_RESULT_HOURS} * interval '1 hour' as live, c.id::int as company_id, c.name as company_name
    from upload_batches b left join pagero_companies c on c.id = b.company_id
    where b.id = ${batchId}::uuid`;
  if (!batch || batch.userId !== user.id) return { state: 'missing' };
  if (!batch.live) return { state: 'expired', createdAt: batch.createdAt };
  const company = batch.companyId === null ? null : { id: batch.companyId, name: batch.companyName! };
  const files = await sql<{ filename: string; documentId: number | null; rejectedReason: string | null }[]>`
    select filename, document_id::int, rejected_reason from upload_batch_files where batch_id = ${batchId}::uuid order by position`;
  const documentIds = files.flatMap((f) => (f.documentId !== null && f.rejectedReason === null ? [f.documentId] : []));
  const ids = documentIds.length === 0 ? [] : await sql<{ id: number }[]>`select id::int from invoices where document_id = any(${documentIds}::bigint[])`;
  const invoices = await uploadedInvoices(sql, user, ids.map((r) => r.id), company);
  const outcomes = files.map((f): UploadOutcome =>
    f.rejectedReason !== null
      ? { filename: f.filename, outcome: 'rejected', documentId: f.documentId, reason: f.rejectedReason, kept: f.documentId !== null }
      : { filename: f.filename, outcome: 'imported', documentId: f.documentId ?? 0, invoices: invoices.filter((inv) => inv.documentId === f.documentId) });
  return { state: 'live', createdAt: batch.createdAt, company, outcomes };
}

/** True when the batch is this user's and still shown (where "Set company" returns to). */
export async function isLiveBatchOf(sql: Sql, user: CurrentUser, batchId: unknown): Promise<boolean> {
  if (!isBatchId(batchId)) return false;
  const [row] = await sql`
    select 1 from upload_batches where id = ${batchId}::uuid and user_id = ${user.id} and created_at > now() - ${UPLOAD_RESULT_HOURS} * interval '1 hour'`;
  return Boolean(row);
}

/** Batches past UPLOAD_RESULT_HOURS (their files rows go with them). */
export async function purgeUploadBatches(db: Db): Promise<number> {
  const rows = await db`delete from upload_batches where created_at < now() - ${UPLOAD_RESULT_HOURS} * interval '1 hour' returning 1`;
  return rows.length;
}
