/*
 * One company's sync. It pages through the received invoices and credit notes Pagero has not
 * yet seen fetched, downloads each target document, stores a page of them in one
 * transaction, and only after the commit acknowledges them at Pagero. So a crash at any
 * moment loses nothing (unacknowledged documents are listed again) and creates nothing
 * twice (the Pagero document id is unique; a re-listed stored document is only acknowledged).
 * A connection that needs renewal or is refused (401/403) hands over to the next one.
 */
import type { Sql } from '../db/connection';
import { statisticsKeeper } from '../invoices/statistics';
import { readDocuments, storePageroDocuments, type StoreResult } from '../invoices/store';
import type { Logger } from '../logger';
import { PageroAccessError, type PageroApi, type PageroDocument } from '../pagero/api';
import { NeedsRenewalError } from '../pagero/connections';
import type { PageroService } from '../pagero/service';
import { emptyCounters, finishRun, saveProgress, startRun, type SyncCounters, type SyncTrigger } from './runs';

export type SyncDeps = { sql: Sql; pagero: PageroService; log: Logger; maxBytes: number; pageSize?: number; downloads?: number };

const INVOICE_TYPES = ['Invoice', 'CreditNote'];
const ACK_BATCH = 100;

export class NoConnectionError extends Error {}

const SYNC_LOCK = 7_311_100;

/**
 * Syncs one company, unless another worker is syncing it right now (then null: the caller
 * asks again shortly). The advisory lock lives on a connection held for the whole sync.
 */
export async function syncCompany(deps: SyncDeps, companyId: number, trigger: SyncTrigger): Promise<(SyncCounters & { runId: number }) | null> {
  const lock = await deps.sql.reserve();
  try {
    const [{ locked }] = (await lock`select pg_try_advisory_lock(${SYNC_LOCK}, ${companyId}::int) as locked`) as unknown as [{ locked: boolean }];
    if (!locked) return null;
    try {
      return await syncLocked(deps, companyId, trigger);
    } finally {
      await lock`select pg_advisory_unlock(${SYNC_LOCK}, ${companyId}::int)`;
    }
  } finally {
    lock.release();
  }
}

async function syncLocked(deps: SyncDeps, companyId: number, trigger: SyncTrigger): Promise<SyncCounters & { runId: number }> {
  const { sql, log } = deps;
  const [company]: [{ pageroCompanyId: string; name: string }?] = await sql`select pagero_company_id, name from pagero_companies where id = ${companyId}`;
  if (!company) throw new NoConnectionError(`company ${companyId} no longer exists`);
  const runId = await startRun(sql, companyId, trigger);
  const counters = emptyCounters();
  let connectionId: number | null = null;
  try {
    for (const candidate of await candidateConnections(sql, companyId)) {
      connectionId = candidate;
      try {
        await syncThrough(deps, { companyId, pageroCompanyId: company.pageroCompanyId, connectionId, runId }, counters);
        await finishRun(sql, runId, counters, connectionId, null);
        log.info({ companyId, runId, ...counters }, 'company synced');
        return { runId, ...counters };
      } catch (error) {
        if (!(error instanceof NeedsRenewalError || error instanceof PageroAccessError)) throw error;
        log.warn({ companyId, connectionId, reason: error.message }, 'connection cannot sync this company; trying the next one');
      }
    }
    throw new NoConnectionError(`no active Pagero connection can see ${company.name}`);
  } catch (error) {
    await finishRun(sql, runId, counters, connectionId, (error as Error).message);
    throw error;
  }
}

async function candidateConnections(sql: Sql, companyId: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select c.id::int
    from pagero_connections c
    join pagero_connection_companies cc on cc.connection_id = c.id
    join users u on u.id = c.user_id
    where cc.company_id = ${companyId} and c.status = 'active' and c.chain_expires_at > now() and u.active
    order by c.last_refreshed_at desc nulls last, c.connected_at desc`;
  return rows.map((r) => r.id);
}

type Target = { companyId: number; pageroCompanyId: string; connectionId: number; runId: number };

async function syncThrough(deps: SyncDeps, target: Target, counters: SyncCounters) {
  const api = deps.pagero.apiFor(target.connectionId);
  const stored = statisticsKeeper(deps.sql);
  const pageSize = deps.pageSize ?? 100;
  const seen = new Set<string>();
  let offset = 0; // documents we leave in the list (not ours to take, or failed) stay ahead of the window
  for (;;) {
    const page = await api.listReceived({ companyId: target.pageroCompanyId, documentTypes: INVOICE_TYPES, notFetchedOnly: true, offset, limit: pageSize });
    if (page.items.length === 0) return;
    const fresh = page.items.filter((d) => !seen.has(d.id) && INVOICE_TYPES.includes(d.documentInfo?.documentType ?? 'Invoice'));
    for (const d of page.items) seen.add(d.id);
    const acknowledged = fresh.length ? await importPage(deps, api, target, fresh, counters) : 0;
    if (fresh.length) await stored(fresh.length);
    await saveProgress(deps.sql, target.runId, counters, target.connectionId);
    offset += page.items.length - acknowledged;
    if (acknowledged === 0 && offset >= (page.meta?.total ?? 0)) return;
  }
}

/**
 * Downloads, reads, stores and then acknowledges one page, in chunks, as a pipeline: while
 * one chunk is stored (its transaction runs in PostgreSQL), the next is read, and the one
 * after that downloads. Each chunk is acknowledged right after its commit. Returns how many
 * documents were acknowledged.
 */
async function importPage(deps: SyncDeps, api: PageroApi, target: Target, documents: PageroDocument[], counters: SyncCounters) {
  counters.documentsSeen += documents.length;
  const known = new Set(
    (await deps.sql<{ pageroDocumentId: string }[]>`select pagero_document_id from documents where pagero_document_id = any(${documents.map((d) => d.id)})`).map(
      (r) => r.pageroDocumentId,
    ),
  );
  counters.alreadyImported += known.size;
  await acknowledge(api, [...known]);

  const toFetch = documents.filter((d) => !known.has(d.id));
  const limits = { maxBytes: deps.maxBytes };
  let acknowledged = known.size;
  let storing: Promise<void> = Promise.resolve();
  let next = toFetch.length ? downloadChunk(deps, api, toFetch, 0, counters) : null;
  while (next) {
    const { fetched, end } = await next;
    next = end < toFetch.length ? downloadChunk(deps, api, toFetch, end, counters) : null;
    next?.catch(() => {}); // its failure surfaces when awaited; until then it must not count as unhandled
    const inputs = fetched.map(({ doc, bytes }) => documentInput(target, doc, bytes));
    const readings = readDocuments(inputs, limits);
    await storing;
    storing = storePageroDocuments(deps.sql, inputs, limits, readings).then(async (stored) => {
      tally(counters, stored);
      await acknowledge(api, inputs.map((input) => input.pageroDocumentId!));
      acknowledged += inputs.length;
    });
    storing.catch(() => {});
  }
  await storing;
  return acknowledged;
}

/**
 * A chunk holds at most 50 documents or 8 MB, whichever comes first, so memory stays bounded
 * when documents are large (at most `downloads` more can be in flight when the limit is hit).
 */
const CHUNK_DOCUMENTS = 50;
const CHUNK_BYTES = 8 * 1024 * 1024;

/** Downloads documents from `start` until the chunk is full; `end` is where the next chunk starts. */
async function downloadChunk(deps: SyncDeps, api: PageroApi, documents: PageroDocument[], start: number, counters: SyncCounters) {
  const fetched: { doc: PageroDocument; bytes: Uint8Array }[] = [];
  let next = start;
  let bytes = 0;
  const full = () => next >= documents.length || next - start >= CHUNK_DOCUMENTS || bytes >= CHUNK_BYTES;
  const worker = async () => {
    while (!full()) {
      const doc = documents[next++]!;
      try {
        const content = await api.targetDocument(doc.id);
        bytes += content.byteLength;
        fetched.push({ doc, bytes: content });
      } catch (error) {
        if (!(error instanceof PageroAccessError) || error.status !== 403) throw error;
        counters.errors += 1;
        deps.log.warn({ documentId: doc.id }, 'Pagero would not hand over this document; it stays unacknowledged');
      }
    }
  };
  await Promise.all(Array.from({ length: deps.downloads ?? 8 }, worker));
  return { fetched, end: next };
}

function documentInput(target: Target, doc: PageroDocument, bytes: Uint8Array) {
  return {
    source: 'pagero' as const,
    bytes,
    filename: `${doc.documentInfo?.documentIdentifier ?? doc.id}.xml`,
    contentType: 'application/xml',
    pageroDocumentId: doc.id,
    pageroMetadata: doc,
    companyId: target.companyId,
    fetchedByConnectionId: target.connectionId,
  };
}

function tally(counters: SyncCounters, stored: StoreResult[]) {
  for (const result of stored) {
    if (result.alreadyImported) counters.alreadyImported += 1;
    else if (result.quarantined) counters.quarantined += 1;
    else counters.imported += 1;
    counters.duplicates += result.duplicates.length;
  }
}

async function acknowledge(api: PageroApi, ids: string[]) {
  for (let i = 0; i < ids.length; i += ACK_BATCH) await api.markFetched(ids.slice(i, i + ACK_BATCH));
}
