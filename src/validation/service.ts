/*
 * Validation of stored invoices: queuing (in the import transaction), running the rules through the thread pool,
 * storing the results with the rules version, and re-validating after the rules change.
 */
import type { Db, Sql } from '../db/connection';
import { decodeXml } from '../einvoice/encoding';
import type { Logger } from '../logger';
import { originalBytes, type StoredOriginal } from '../invoices/original';
import type { EngineResult } from './engine';
import type { Finding } from './findings';
import { mandatoryContentFindings } from './mandatory';
import type { ValidationPool } from './pool';
import { RULES_VERSION } from './version';

export const VALIDATE_TASK = 'invoices__validate';
/** Invoices per job: a sync batch or a slice of a re-validation. */
export const VALIDATE_BATCH = 100;

/** In the import transaction: the invoices show "Checking…" and one job validates them once the import commits. */
export async function queueValidation(db: Db, invoiceIds: number[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await db`
    insert into invoice_validations (invoice_id)
    select unnest(${db.array(invoiceIds)}::bigint[])
    on conflict (invoice_id) do update set state = 'pending', error = null, queued_at = now()`;
  for (let i = 0; i < invoiceIds.length; i += VALIDATE_BATCH) {
    const ids = invoiceIds.slice(i, i + VALIDATE_BATCH);
    await db`select graphile_worker.add_job(${VALIDATE_TASK}::text, ${db.json({ invoiceIds: ids })}::json, max_attempts => 5)`;
  }
}

/** Every invoice whose result is missing or from another rules version gets validated again, by one job at a time. */
export async function queueStaleValidations(db: Db): Promise<boolean> {
  const [stale] = await db`
    select 1 from invoices i left join invoice_validations v on v.invoice_id = i.id
    where v.invoice_id is null or v.rules_version is distinct from ${RULES_VERSION} limit 1`;
  if (!stale) return false;
  await db`
    select graphile_worker.add_job(${VALIDATE_TASK}::text, '{"stale":true}'::json,
      queue_name => 'invoices__validate_stale', job_key => 'invoices__validate_stale', max_attempts => 5)`;
  return true;
}

type Row = StoredOriginal & {
  id: number;
  documentId: number;
  format: 'ubl' | 'cii' | 'fatturapa';
  invoiceNumber: string;
  issueDate: Date | null;
  sellerName: string | null;
  buyerName: string | null;
  currency: string | null;
  lineCount: number;
};

export type ValidationDeps = { sql: Sql; pool: ValidationPool; log: Logger };

/** Validates these invoices now and stores each result. Invoices that no longer exist are skipped. */
export async function validateInvoices(deps: ValidationDeps, invoiceIds: number[]): Promise<{ validated: number; errors: number }> {
  let validated = 0;
  let errors = 0;
  for (let i = 0; i < invoiceIds.length; i += VALIDATE_BATCH) {
    const ids = invoiceIds.slice(i, i + VALIDATE_BATCH);
    const rows = await deps.sql<Row[]>`
      select i.id::int, i.document_id::int, i.format, d.content, d.content_zstd, i.invoice_number, i.issue_date, i.seller_name, i.buyer_name,
             i.currency, (select count(*)::int from invoice_lines l where l.invoice_id = i.id) as line_count
      from invoices i join documents d on d.id = i.document_id
      where i.id = any(${deps.sql.array(ids)}::bigint[])
      order by i.id`;
    // One document gives one result: the rules judge the file (FatturaPA bodies are checked per invoice).
    const byDocument = new Map<number, Promise<EngineResult>>();
    const results = await Promise.all(
      rows.map(async (row) => {
        if (row.format === 'fatturapa') {
          return { row, result: { ok: true, ruleSets: [], findings: mandatoryContentFindings(row, 'fatturapa') } as EngineResult };
        }
        let pending = byDocument.get(row.documentId);
        if (!pending) {
          pending = validateBytes(deps.pool, originalBytes(row));
          byDocument.set(row.documentId, pending);
        }
        return { row, result: await pending };
      }),
    );
    for (const { row, result } of results) {
      await storeResult(deps.sql, row.id, result);
      validated++;
      if (!result.ok) errors++;
    }
  }
  return { validated, errors };
}

async function validateBytes(pool: ValidationPool, content: Uint8Array): Promise<EngineResult> {
  let xml: string;
  try {
    xml = decodeXml(content);
  } catch (err) {
    return { ok: false, ruleSets: [], findings: [], error: `the file's text could not be decoded: ${(err as Error).message}` };
  }
  return pool.validate(xml);
}

/** The stale-results sweep: keyset through invoices needing a result, a batch at a time. */
export async function validateStale(deps: ValidationDeps): Promise<number> {
  let after = 0;
  let total = 0;
  for (;;) {
    const rows = await deps.sql<{ id: number }[]>`
      select i.id::int from invoices i left join invoice_validations v on v.invoice_id = i.id
      where i.id > ${after} and (v.invoice_id is null or v.rules_version is distinct from ${RULES_VERSION})
      order by i.id limit ${VALIDATE_BATCH}`;
    if (rows.length === 0) return total;
    after = rows.at(-1)!.id;
    const { validated } = await validateInvoices(deps, rows.map((r) => r.id));
    total += validated;
  }
}

export async function storeResult(sql: Sql, invoiceId: number, result: EngineResult): Promise<void> {
  const findings: Finding[] = result.findings;
  const fatal = findings.filter((f) => f.severity === 'fatal').length;
  const warnings = findings.length - fatal;
  await sql.begin(async (tx) => {
    const [exists] = await tx`select 1 from invoices where id = ${invoiceId} for key share`;
    if (!exists) return;
    await tx`delete from invoice_validation_findings where invoice_id = ${invoiceId}`;
    if (findings.length > 0) {
      await tx`
        insert into invoice_validation_findings ${tx(
          findings.map((f, position) => ({
            invoiceId,
            position,
            ruleId: f.ruleId.slice(0, 200),
            severity: f.severity,
            message: f.message.slice(0, 4000),
            location: f.location?.slice(0, 2000) ?? null,
            ruleSet: f.ruleSet,
          })),
        )}`;
    }
    const row = {
      invoiceId,
      state: result.ok ? 'done' : 'error',
      rulesVersion: RULES_VERSION,
      ruleSets: result.ruleSets,
      fatalCount: fatal,
      warningCount: warnings,
      error: result.ok ? null : result.error,
    };
    await tx`
      insert into invoice_validations ${tx(row)}
      on conflict (invoice_id) do update set state = excluded.state, rules_version = excluded.rules_version,
        rule_sets = excluded.rule_sets, fatal_count = excluded.fatal_count, warning_count = excluded.warning_count,
        error = excluded.error, validated_at = now()`;
    await tx`update invoice_validations set validated_at = now() where invoice_id = ${invoiceId}`;
  });
}
