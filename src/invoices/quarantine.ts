/* Quarantined documents for Needs attention. Admin-only pages: no invoice visibility applies. */
import type { Db } from '../db/connection';
import { originalBytes, type StoredOriginal } from './original';

export type QuarantinedDocument = {
  id: number;
  filename: string | null;
  source: 'pagero' | 'upload';
  companyName: string | null;
  uploadedBy: string | null;
  receivedAt: Date;
  quarantineReason: string;
};

export const NEEDS_ATTENTION_LIMIT = 200;

export async function listQuarantined(db: Db): Promise<{ documents: QuarantinedDocument[]; total: number }> {
  const documents = await db<QuarantinedDocument[]>`
    select d.id::int, d.filename, d.source, c.name as company_name, u.email as uploaded_by, d.received_at, d.quarantine_reason
    from documents d
    left join pagero_companies c on c.id = d.company_id
    left join users u on u.id = d.uploaded_by_user_id
    where d.status = 'quarantined'
    order by d.received_at desc, d.id desc
    limit ${NEEDS_ATTENTION_LIMIT}`;
  const [count] = await db<{ n: number }[]>`select count(*)::int as n from documents where status = 'quarantined'`;
  return { documents, total: count!.n };
}

export async function documentOriginal(db: Db, documentId: number) {
  const [file]: [(StoredOriginal & { filename: string | null; contentType: string | null })?] = await db`
    select content, content_zstd, filename, content_type from documents where id = ${documentId}`;
  return file && { content: originalBytes(file), filename: file.filename, contentType: file.contentType };
}

/** Queues one background re-read of every quarantined document (a second click while queued is a no-op). */
export async function queueRereadOfQuarantined(db: Db) {
  await db`
    select graphile_worker.add_job('documents__reread_quarantined', '{}'::json,
                                   job_key => 'documents__reread_quarantined', job_key_mode => 'preserve_run_at')`;
}
