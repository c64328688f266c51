/*
 * A batch reaches the ERP: over SFTP (a job), or handed over by a person who downloaded its
 * files ("Mark as delivered"). Then, by the company's setting frozen in the batch:
 *
 *   on_delivery → each invoice still awaiting export becomes Exported, by "Export batch N"
 *                 (the API's export result, for a whole batch at once: markDelivered)
 *   erp         → the invoices stay Approved until the ERP posts its export result
 *
 * Failures: a refused host, a changed host key, missing credentials or a refused login are
 * permanent (the batch shows the sentence, nothing retries until someone acts); anything
 * else is thrown so graphile-worker retries with backoff, the batch showing the last error.
 */
import { decodeKey } from '../config';
import type { Db, Sql } from '../db/connection';
import { AWAITING_EXPORT } from '../erp/results';
import type { Logger } from '../logger';
import type { AppConfig } from '../local-secrets';
import { tokenCipher, type TokenCipher } from '../pagero/token-crypto';
import { batchFile, batchFileName, type BatchFileKind } from './files';
import { pinHostKey, sftpCredentials } from './settings';
import { openSftp, putFile, SftpError } from './sftp';

export type DeliveryDeps = { sql: Sql; cipher: TokenCipher; log: Logger; allowPrivate: boolean; timeoutMs: number };

/** The SFTP secrets are sealed with the Pagero tokens' key (and read under its old keys). */
export const exportCipher = (config: AppConfig) => tokenCipher(decodeKey(config.TOKEN_ENCRYPTION_KEY)!, config.tokenOldKeys);

export const deliveryDeps = ({ sql, log, config }: { sql: Sql; log: Logger; config: AppConfig }): DeliveryDeps => ({
  sql, log, cipher: exportCipher(config), allowPrivate: config.ALLOW_PRIVATE_TARGETS, timeoutMs: config.SFTP_TIMEOUT_MS,
});

/** ZIP and JSON first, the CSV last: an ERP that imports on the CSV's arrival finds the rest there. */
const DELIVERY_ORDER: readonly BatchFileKind[] = ['zip', 'json', 'csv'];

type BatchRow = { id: number; companyId: number; columns: string[]; createdAt: Date; status: string };

export async function deliverBatch(deps: DeliveryDeps, batchId: number): Promise<'delivered' | 'failed' | 'no_longer_relevant'> {
  const { sql } = deps;
  const [batch]: [BatchRow?] = await sql`
    update export_batches set status = 'delivering', delivery_attempts = delivery_attempts + 1
    where id = ${batchId} and status <> 'delivered'
    returning id::int, company_id::int, columns, created_at, status`;
  if (!batch) return 'no_longer_relevant';
  try {
    const creds = await sftpCredentials(sql, deps.cipher, batch.companyId);
    if (!creds) throw new SftpError('The company has no SFTP drop folder in Settings → Export.', true);
    const session = await openSftp(creds, {
      allowPrivate: deps.allowPrivate,
      timeoutMs: deps.timeoutMs,
      onNewHostKey: async (fingerprint) => {
        if (await pinHostKey(sql, batch.companyId, creds.host, fingerprint)) deps.log.info({ companyId: batch.companyId, host: creds.host, fingerprint }, 'SFTP host key pinned on first use');
      },
    });
    try {
      for (const kind of DELIVERY_ORDER) await putFile(session, batchFileName(batch.id, kind), batchFile(sql, batch, kind));
    } finally {
      await session.client.end().catch(() => {});
    }
    await sql.begin((tx) => markDelivered(tx, batch.id, { userId: null, to: session.where }));
    deps.log.info({ batchId, to: session.where }, 'export batch delivered');
    return 'delivered';
  } catch (error) {
    const message = error instanceof SftpError ? error.message : `Delivery failed: ${error instanceof Error ? error.message : String(error)}`;
    await sql`update export_batches set status = 'failed', delivery_error = ${message} where id = ${batchId} and status = 'delivering'`;
    deps.log.warn({ batchId, err: message }, 'export batch delivery failed');
    if (error instanceof SftpError && error.permanent) return 'failed';
    throw error;
  }
}

/**
 * The batch reached the ERP: record it and, unless the ERP confirms, mark its invoices
 * Exported. This is recordExportResultIn's "exported" outcome (src/erp/results.ts) for a
 * whole batch in two statements instead of three per invoice: 10,000 invoices one by one
 * kept a "Mark as delivered" click waiting over a minute. Same row lock, same columns, one
 * status event each by "Export batch N"; webhooks follow from the status change (statement
 * triggers on invoices), so they fire as they would one by one.
 */
export async function markDelivered(tx: Db, batchId: number, by: { userId: number | null; to: string }): Promise<{ exported: number } | null> {
  const [batch]: [{ confirmation: string }?] = await tx`
    update export_batches set status = 'delivered', delivered_at = now(), delivered_by = ${by.userId}, delivered_to = ${by.to}, delivery_error = null
    where id = ${batchId} and status <> 'delivered'
    returning confirmation`;
  if (!batch) return null;
  if (batch.confirmation !== 'on_delivery') return { exported: 0 };
  const moved = await tx<{ id: number; fromStatus: string }[]>`
    with waiting as (
      select i.id, i.status from invoices i join export_batch_invoices b on b.invoice_id = i.id
      where b.batch_id = ${batchId} and i.status = any(${[...AWAITING_EXPORT]}::text[])
      order by i.id
      for no key update of i)
    update invoices i
    set status = 'exported', erp_message = null, exported_at = now(), status_changed_at = now(),
        status_reason = null, status_reason_code = null, status_action_code = null
    from waiting w where i.id = w.id
    returning i.id::int, w.status as from_status`;
  if (moved.length > 0) {
    await tx`
      insert into invoice_events (invoice_id, actor_id, actor_label, action, from_status, to_status, reason)
      select m.id, ${by.userId}, ${`Export batch ${batchId}`}, 'status', m.from_status, 'exported', ${`Delivered in export batch ${batchId}`}
      from unnest(${moved.map((m) => m.id)}::bigint[], ${moved.map((m) => m.fromStatus)}::text[]) as m(id, from_status)`;
  }
  return { exported: moved.length };
}
