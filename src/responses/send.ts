/*
 * Sending one Invoice Response through Pagero's File API, once. The job holds a session
 * advisory lock per response (released by the database when a killed worker's connection
 * drops), and:
 *   1. commits upload_started_at before each upload, so a run that finds it set without a
 *      file id (killed after the upload, or the answer timed out) first asks Pagero for the
 *      file by senderReference and posts again only when Pagero has none;
 *   2. posts without retrying inside the call: 429, 5xx and timeouts come back here and are
 *      retried by a later job run with backoff; any other refusal (400) is shown with
 *      Pagero's text and not retried;
 *   3. polls the file's parts until none is Processing: an Error or AwaitingInteraction part
 *      shows on the invoice page with Send again (Restart) and Cancel.
 * Through the first active connection that covers the company; none → waiting for one.
 */
import type { Sql } from '../db/connection';
import type { Logger } from '../logger';
import { PageroAccessError, type Filepart, type PageroApi } from '../pagero/api';
import { NeedsRenewalError } from '../pagero/connections';
import { PageroUnavailableError } from '../pagero/oauth';
import type { PageroService } from '../pagero/service';
import { candidateConnections } from '../sync/company-sync';
import { enqueueResponseJob } from './enqueue';
import { loadOutgoing, responseXml, senderReference, type OutgoingResponse } from './outgoing';
import { checkInvoiceResponse } from './rules';

export type SendDeps = { sql: Sql; pagero: Pick<PageroService, 'apiFor'>; log: Logger; sendMode: string };

const RESPONSE_LOCK = 7_311_171;
/** Uploads tried before giving up (about nine hours of backoff); Send again starts over. */
export const MAX_UPLOAD_ATTEMPTS = 10;
const POLL_STATUSES = ['Processing', 'AwaitingInteraction', 'Error'];
const FINISHED = new Set(['delivered', 'cancelled', 'failed', 'not_sent']);

/** Runs one step of a response's life; returns its state afterwards ('busy' when another worker has it). */
export async function processResponse(deps: SendDeps, responseId: number): Promise<string> {
  const lock = await deps.sql.reserve();
  try {
    const [{ locked }] = (await lock`select pg_try_advisory_lock(${RESPONSE_LOCK}, ${responseId}::int) as locked`) as unknown as [{ locked: boolean }];
    if (!locked) {
      await enqueueResponseJob(deps.sql, responseId, 15);
      return 'busy';
    }
    try {
      return await processLocked(deps, responseId);
    } finally {
      await lock`select pg_advisory_unlock(${RESPONSE_LOCK}, ${responseId}::int)`;
    }
  } finally {
    lock.release();
  }
}

async function processLocked(deps: SendDeps, responseId: number): Promise<string> {
  const r = await loadOutgoing(deps.sql, responseId);
  if (!r) return 'gone';
  if (FINISHED.has(r.state) && !r.requestedAction) return r.state; // no longer relevant
  if (r.requestedAction === 'cancel' && !r.filepartId) return update(deps, r.id, { state: 'cancelled', requested_action: null, problem: null });

  const connections = await candidateConnections(deps.sql, r.companyId);
  for (const connectionId of connections) {
    try {
      return await processThrough(deps, r, connectionId, deps.pagero.apiFor(connectionId));
    } catch (error) {
      if (error instanceof NeedsRenewalError || error instanceof PageroAccessError) {
        deps.log.warn({ responseId, connectionId, reason: error.message }, 'connection cannot send this response; trying the next one');
        continue;
      }
      if (error instanceof PageroUnavailableError) {
        const refused = error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429;
        if (refused) return update(deps, r.id, { state: 'failed', problem: `Pagero refused a call about the response: ${error.message}` });
        return retryLater(deps, r, error.message);
      }
      throw error;
    }
  }
  return update(deps, r.id, {
    state: 'waiting_connection',
    problem: `Waiting for a Pagero connection: no active connection covers ${r.companyName}. The response goes out after the next E-invoicing Login.`,
  });
}

async function processThrough(deps: SendDeps, r: OutgoingResponse, connectionId: number, api: PageroApi): Promise<string> {
  if (r.requestedAction && r.filepartId) {
    const action = r.requestedAction === 'cancel' ? 'Cancel' : 'Restart';
    await api.filepartAction(r.filepartId, action);
    deps.log.info({ responseId: r.id, filepartId: r.filepartId, action }, 'Invoice Response filepart action');
    if (action === 'Cancel') return update(deps, r.id, { state: 'cancelled', requested_action: null, problem: null });
    await update(deps, r.id, { state: 'processing', requested_action: null, problem: null, filepart_id: null, polls: 0 });
    return poll(deps, { ...r, polls: 0 }, api, r.fileId!);
  }
  if (r.requestedAction) await update(deps, r.id, { requested_action: null });

  let fileId = r.fileId;
  if (!fileId && r.uploadStartedAt) {
    // An earlier upload may have reached Pagero (killed before the bookkeeping, or its answer was lost).
    const sent = await api.sentBySenderReference(r.pageroCompanyId, senderReference(r.id), 'ApplicationResponse');
    const arrived = sent.find((d) => d.fileId);
    if (arrived) {
      fileId = String(arrived.fileId);
      deps.log.info({ responseId: r.id, fileId }, 'Invoice Response had arrived at Pagero; not posting it again');
      await deps.sql`
        update invoice_responses set file_id = ${fileId}, state = 'processing', sent_at = coalesce(sent_at, upload_started_at),
          sent_by_connection_id = coalesce(sent_by_connection_id, ${connectionId}), problem = null, polls = 0, updated_at = now()
        where id = ${r.id}`;
    }
  }
  if (!fileId) {
    const xml = responseXml(r);
    const breaches = xml ? checkInvoiceResponse(xml) : [{ rule: 'IR-07', message: 'an endpoint id is missing' }];
    if (breaches.length > 0) {
      return update(deps, r.id, { state: 'not_sent', problem: `Not sent: the response breaks the Invoice Response rules (${breaches.map((b) => `${b.rule} ${b.message}`).join(' ')})` });
    }
    await deps.sql`
      update invoice_responses set upload_started_at = now(), attempts = attempts + 1, state = 'sending', updated_at = now()
      where id = ${r.id}`;
    const result = await api.uploadFile({
      payload: xml!,
      filename: `invoice-response-${r.id}.xml`,
      documentType: 'ApplicationResponse',
      sendMode: deps.sendMode,
      sendingCompanyId: r.pageroCompanyId,
      senderReference: senderReference(r.id),
    });
    if (!result.ok) {
      deps.log.warn({ responseId: r.id, status: result.status, message: result.message }, 'Pagero refused the Invoice Response');
      // A refusal means Pagero stored nothing: Send again may post straight away.
      return update(deps, r.id, { state: 'failed', upload_started_at: null, problem: `Pagero refused the response (HTTP ${result.status}): ${result.message}` });
    }
    fileId = result.fileId;
    await deps.sql`
      update invoice_responses set file_id = ${fileId}, state = 'processing', sent_at = now(), sent_by_connection_id = ${connectionId},
        problem = null, polls = 0, next_attempt_at = null, updated_at = now()
      where id = ${r.id}`;
    deps.log.info({ responseId: r.id, fileId, code: r.responseCode }, 'Invoice Response uploaded to Pagero');
  }
  return poll(deps, r, api, fileId);
}

function describeParts(parts: Filepart[]) {
  return parts
    .flatMap((p) => (Array.isArray(p.error?.description) ? p.error.description : p.error?.description ? [p.error.description] : []))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 1000);
}

async function poll(deps: SendDeps, r: OutgoingResponse, api: PageroApi, fileId: string): Promise<string> {
  const parts = await api.fileparts(fileId, POLL_STATUSES);
  const failed = parts.find((p) => p.status === 'Error') ?? parts.find((p) => p.status === 'AwaitingInteraction');
  if (failed) {
    const words = describeParts([failed]) || 'no description given';
    const problem = failed.status === 'Error' ? `Pagero could not deliver the response: ${words}` : `Pagero needs an interaction to deliver the response: ${words}`;
    return update(deps, r.id, { state: 'needs_action', filepart_id: String(failed.id), problem });
  }
  if (parts.some((p) => p.status === 'Processing')) {
    const polls = r.polls + 1;
    const delay = Math.min(600, 10 * 2 ** Math.min(polls, 6));
    await deps.sql`update invoice_responses set polls = ${polls}, next_attempt_at = now() + ${delay} * interval '1 second', updated_at = now() where id = ${r.id}`;
    await enqueueResponseJob(deps.sql, r.id, delay);
    return 'processing';
  }
  return update(deps, r.id, { state: 'delivered', problem: null, filepart_id: null, next_attempt_at: null });
}

async function retryLater(deps: SendDeps, r: OutgoingResponse, why: string): Promise<string> {
  // Before the upload the uploads count; after it (polling) the polls do, so neither can go on for ever.
  const [row] = await deps.sql<{ attempts: number; polls: number }[]>`
    update invoice_responses set polls = polls + ${r.fileId ? 1 : 0} where id = ${r.id} returning attempts, polls`;
  const attempts = r.fileId ? Math.ceil((row?.polls ?? r.polls) / 3) : (row?.attempts ?? r.attempts);
  if (attempts >= MAX_UPLOAD_ATTEMPTS) {
    const what = r.fileId ? 'Pagero has the response but did not say whether it was delivered' : `Pagero did not take the response after ${attempts} attempts`;
    return update(deps, r.id, { state: 'failed', problem: `${what} (${why}). Send again tries once more.` });
  }
  const delay = Math.round(Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1)) * (0.75 + Math.random() * 0.5));
  const at = new Date(Date.now() + delay * 1000);
  deps.log.warn({ responseId: r.id, attempts, delay, why }, 'Invoice Response: Pagero unavailable, retrying later');
  await update(deps, r.id, {
    state: r.fileId ? 'processing' : 'retrying',
    next_attempt_at: at,
    // the time of the next try is shown from next_attempt_at, in each reader's time zone
    problem: `Pagero did not answer (${why}).`,
  });
  await enqueueResponseJob(deps.sql, r.id, delay);
  return r.fileId ? 'processing' : 'retrying';
}

type Changes = Partial<{ state: string; problem: string | null; requested_action: null; filepart_id: string | null; upload_started_at: null; polls: number; next_attempt_at: Date | null }>;

async function update(deps: SendDeps, id: number, changes: Changes): Promise<string> {
  await deps.sql`update invoice_responses set ${deps.sql(changes as Record<string, unknown>)}, updated_at = now() where id = ${id}`;
  return changes.state ?? 'unchanged';
}
