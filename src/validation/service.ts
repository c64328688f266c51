/*
 * Validation of stored invoices: queuing (in the import transaction), running the rules through the thread pool,
 * storing the results with the rules version, and re-validating after the rules change.
 */
import type { Db, Sql } from '../db/connection';
import { decodeXml } from '../einvoice/encoding';
import type { Logger } from '../logger';
import { assignImportedInvoices } from '../groups/assign';
import { originalBytes, type StoredOriginal } from '../invoices/original';
import type { EngineResult } from './engine';
import { mandatoryContentFindings } from './mandatory';
import type { ValidationPool } from './pool';
import { RULES_VERSION } from './version';

export const VALIDATE_TASK = 'invoices__validate';
/** Invoices per job: a sync batch or a slice of a re-validation. */
export const VALIDATE_BATCH = 100;
/** graphile-worker flag of every validation job: a worker process that is syncing leaves them to others (src/sync/concurrency.ts). */
export const VALIDATION_FLAG = 'validation';
/** ...for this long at most: then the syncing process validates beside its sync after all. */
export const VALIDATION_MAX_WAIT_SECONDS = 600;

/**
 * Whether a validation job has waited in the queue longer than `maxWaitSeconds`. Asked whenever the worker fetches a
 * job, so one answer serves for 15 s; when the database does not answer, validation keeps waiting.
 */
export function validationOverdue(sql: Sql, maxWaitSeconds = VALIDATION_MAX_WAIT_SECONDS): () => Promise<boolean> {
  let askedAt = -Infinity;
  let answer: Promise<boolean> = Promise.resolve(false);
  return () => {
    if (performance.now() - askedAt < 15_000) return answer;
    askedAt = performance.now();
    answer = sql`
      select 1 from graphile_worker.jobs
      where flags ? ${VALIDATION_FLAG} and locked_at is null and created_at < now() - make_interval(secs => ${maxWaitSeconds})
      limit 1`.then(
      (rows) => rows.length > 0,
      () => false,
    );
    return answer;
  };
}

/** In the import transaction: the invoices show "Checking…" and one job validates them once the import commits. */
export async function queueValidation(db: Db, invoiceIds: number[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  for (let i = 0; i < invoiceIds.length; i += VALIDATE_BATCH) {
    const ids = invoiceIds.slice(i, i + VALIDATE_BATCH);
    // One queue: validation jobs run one at a time (each feeds the whole thread pool), so a big import never fills
    // every worker slot with validation while sync jobs wait; priority 10 lets other jobs go first.
    // The pending rows and their job are one statement (a round trip less per import batch); the CTE runs whether read or not.
    await db`
      with pending as (
        insert into invoice_validations (invoice_id)
        select unnest(${db.array(ids)}::bigint[])
        on conflict (invoice_id) do update set state = 'pending', error = null, queued_at = now()
      )
      select graphile_worker.add_job(${VALIDATE_TASK}::text, ${db.json({ invoiceIds: ids })}::json, queue_name => ${VALIDATE_TASK}::text, priority => 10, max_attempts => 5,
        flags => array[${VALIDATION_FLAG}::text])`;
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
      queue_name => 'invoices__validate_stale', job_key => 'invoices__validate_stale', priority => 20, max_attempts => 5,
      flags => array[${VALIDATION_FLAG}::text])`;
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
    await storeResults(deps.sql, results.map(({ row, result }) => ({ invoiceId: row.id, result })));
    validated += results.length;
    errors += results.filter(({ result }) => !result.ok).length;
    // Document Groups may route by "Validation" and "Rule": place the batch again now that it has its result.
    if (rows.length > 0) await deps.sql.begin((tx) => assignImportedInvoices(tx, rows.map((r) => r.id)));
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

/**
 * Stores a batch's results in one transaction, a statement per table (it was five statements and a commit per
 * invoice). Invoices deleted meanwhile are skipped; the rest are locked FOR KEY SHARE so none goes away before commit.
 */
export async function storeResults(sql: Sql, results: { invoiceId: number; result: EngineResult }[]): Promise<void> {
  if (results.length === 0) return;
  await sql.begin(async (tx) => {
    const present = new Set(
      (await tx<{ id: number }[]>`select id::int from invoices where id = any(${results.map((r) => r.invoiceId)}::bigint[]) order by id for key share`).map((r) => r.id),
    );
    const kept = results.filter((r) => present.has(r.invoiceId));
    if (kept.length === 0) return;
    const ids = kept.map((r) => r.invoiceId);
    await tx`delete from invoice_validation_findings where invoice_id = any(${ids}::bigint[])`;
    const findings = kept.flatMap(({ invoiceId, result }) =>
      result.findings.map((f, position) => ({
        invoiceId,
        position,
        ruleId: f.ruleId.slice(0, 200),
        severity: f.severity,
        message: f.message.slice(0, 4000),
        location: f.location?.slice(0, 2000) ?? null,
        ruleSet: f.ruleSet,
      })),
    );
    for (let i = 0; i < findings.length; i += 1000) await tx`insert into invoice_validation_findings ${tx(findings.slice(i, i + 1000))}`;
    const rows = kept.map(({ invoiceId, result }) => {
      const fatal = result.findings.filter((f) => f.severity === 'fatal').length;
      return {
        invoiceId,
        state: result.ok ? 'done' : 'error',
        rulesVersion: RULES_VERSION,
        ruleSets: result.ruleSets,
        fatalCount: fatal,
        warningCount: result.findings.length - fatal,
        error: result.ok ? null : result.error,
      };
    });
    await tx`
      insert into invoice_validations ${tx(rows)}
      on conflict (invoice_id) do update set state = excluded.state, rules_version = excluded.rules_version,
        rule_sets = excluded.rule_sets, fatal_count = excluded.fatal_count, warning_count = excluded.warning_count,
        error = excluded.error, validated_at = now()`;
    for (const row of rows) if (row.fatalCount > 0) await holdBackFromReady(tx, row.invoiceId);
  });
}

/**
 * An invoice that became Ready by itself at import (all lines coded) before its validation had run goes back to In
 * review when the rules find a fatal problem, unless an AP Admin allowed it. Written to its history without an actor.
 */
async function holdBackFromReady(tx: Db, invoiceId: number) {
  const moved = await tx`
    update invoices i set status = 'in_review', status_changed_at = now()
    from invoice_validations v
    where i.id = ${invoiceId} and v.invoice_id = i.id and i.status = 'ready' and v.override_at is null
    returning i.id`;
  if (moved.length === 0) return;
  const [rules] = await tx<{ list: string }[]>`
    select string_agg(distinct rule_id, ', ' order by rule_id) as list from invoice_validation_findings where invoice_id = ${invoiceId} and severity = 'fatal'`;
  await tx`
    insert into invoice_events (invoice_id, action, from_status, to_status, reason)
    values (${invoiceId}, 'status', 'ready', 'in_review', ${`Fails EN 16931 validation (${rules?.list ?? ''}).`})`;
}

/** "Check again": the invoice shows "Checking…" and a job validates it. */
export async function requestRevalidation(db: Db, invoiceId: number): Promise<void> {
  await queueValidation(db, [invoiceId]);
}

export const OVERRIDE_REASON_MAX = 1000;

/**
 * An AP Admin allows an invoice that fails validation to go on to Ready and Approved, with a reason. The decision
 * is kept on the result and written to the invoice's history (a note by the admin naming the rules).
 */
export async function overrideValidation(sql: Sql, input: { invoiceId: number; userId: number; reason: string }): Promise<'ok' | 'nothing_to_allow'> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ fatalCount: number; rules: string[] | null }[]>`
      select v.fatal_count,
        (select array_agg(distinct f.rule_id order by f.rule_id) from invoice_validation_findings f where f.invoice_id = v.invoice_id and f.severity = 'fatal') as rules
      from invoice_validations v where v.invoice_id = ${input.invoiceId} and v.override_at is null for update`;
    if (!row || row.fatalCount === 0) return 'nothing_to_allow' as const;
    await tx`
      update invoice_validations set override_by = ${input.userId}, override_at = now(), override_reason = ${input.reason}
      where invoice_id = ${input.invoiceId}`;
    const note = `Allowed to go on despite failing EN 16931 validation (${(row.rules ?? []).join(', ')}): ${input.reason}`;
    await tx`insert into invoice_events (invoice_id, actor_id, action, reason) values (${input.invoiceId}, ${input.userId}, 'note', ${note.slice(0, 4000)})`;
    return 'ok' as const;
  });
}
