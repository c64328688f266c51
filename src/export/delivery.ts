/*
 * A batch reaches the ERP: over SFTP (a job), or handed over by a person who downloaded its
 * files ("Mark as delivered"). Then, by the company's setting frozen in the batch:
 *
 *   on_delivery → each invoice still awaiting export becomes Exported (recordExportResultIn,
 *                 the same path as the API's export result, by "Export batch N")
 *   erp         → the invoices stay Approved until the ERP posts its export result
 *
 * Failures: a refused host, a changed host key, missing credentials or a refused login are
 * permanent (the batch shows the sentence, nothing retries until someone acts); anything
 * else is thrown so graphile-worker retries with backoff, the batch showing the last error.
 */
import { decodeKey } from '../config';
import type { Db, Sql } from '../db/connection';
import { recordExportResultIn } from '../erp/results';
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

/** The batch reached the ERP: record it and, unless the ERP confirms, mark its invoices Exported. */
export async function markDelivered(tx: Db, batchId: number, by: { userId: number | null; to: string }): Promise<{ exported: number } | null> {
  const [batch]: [{ confirmation: string }?] = await tx`
    update export_batches set status = 'delivered', delivered_at = now(), delivered_by = ${by.userId}, delivered_to = ${by.to}, delivery_error = null
    where id = ${batchId} and status <> 'delivered'
    returning confirmation`;
  if (!batch) return null;
  if (batch.confirmation !== 'on_delivery') return { exported: 0 };
  const waiting = await tx<{ invoiceId: number }[]>`
    select i.id::int as invoice_id from export_batch_invoices b join invoices i on i.id = b.invoice_id
    where b.batch_id = ${batchId} and i.status in ('approved', 'export_failed') order by i.id`;
  let exported = 0;
  for (const { invoiceId } of waiting) {
    const outcome = await recordExportResultIn(tx, { invoiceId, outcome: 'exported', actor: { userId: by.userId, label: `Export batch ${batchId}` } });
    if (outcome.ok && outcome.changed) exported += 1;
  }
  return { exported };
}
