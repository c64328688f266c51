/*
 * One company's sync. It pages through the received invoices and credit notes Pagero has not
 * yet seen fetched, downloads each target document, stores a page of them in one
 * transaction, and only after the commit acknowledges them at Pagero. So a crash at any
 * moment loses nothing (unacknowledged documents are listed again) and creates nothing
 * twice (the Pagero document id is unique; a re-listed stored document is only acknowledged).
 * A connection that needs renewal or is refused (401/403) hands over to the next one.
 */
import type { Sql } from '../db/connection';
import { storePageroDocuments, type StoreResult } from '../invoices/store';
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
  const pageSize = deps.pageSize ?? 100;
  const seen = new Set<string>();
  let offset = 0; // documents we leave in the list (not ours to take, or failed) stay ahead of the window
  for (;;) {
    const page = await api.listReceived({ companyId: target.pageroCompanyId, documentTypes: INVOICE_TYPES, notFetchedOnly: true, offset, limit: pageSize });
    if (page.items.length === 0) return;
    const fresh = page.items.filter((d) => !seen.has(d.id) && INVOICE_TYPES.includes(d.documentInfo?.documentType ?? 'Invoice'));
    for (const d of page.items) seen.add(d.id);
    const acknowledged = fresh.length ? await importPage(deps, api, target, fresh, counters) : 0;
    await saveProgress(deps.sql, target.runId, counters, target.connectionId);
    offset += page.items.length - acknowledged;
    if (acknowledged === 0 && offset >= (page.meta?.total ?? 0)) return;
  }
}

/**
 * Downloads, stores and then acknowledges one page, in chunks: the next chunk downloads
 * while the current one is read and stored (one transaction), and each chunk is
 * acknowledged right after its commit. Returns how many documents were acknowledged.
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
  const chunks = Array.from({ length: Math.ceil(toFetch.length / CHUNK) }, (_, i) => toFetch.slice(i * CHUNK, (i + 1) * CHUNK));
  let acknowledged = known.size;
  let next = chunks.length ? download(deps, api, chunks[0]!, counters) : null;
  for (let i = 0; i < chunks.length; i++) {
    const fetched = await next!;
    next = i + 1 < chunks.length ? download(deps, api, chunks[i + 1]!, counters) : null;
    next?.catch(() => {}); // its failure surfaces when awaited; until then it must not count as unhandled
    const stored = await storePageroDocuments(deps.sql, fetched.map(({ doc, bytes }) => documentInput(target, doc, bytes)), { maxBytes: deps.maxBytes });
    tally(counters, stored);
    await acknowledge(api, fetched.map((d) => d.doc.id));
    acknowledged += fetched.length;
  }
  return acknowledged;
}

const CHUNK = 25;

async function download(deps: SyncDeps, api: PageroApi, documents: PageroDocument[], counters: SyncCounters) {
  const downloaded = await mapLimited(documents, deps.downloads ?? 8, async (doc) => {
    try {
      return { doc, bytes: await api.targetDocument(doc.id) };
    } catch (error) {
      if (!(error instanceof PageroAccessError) || error.status !== 403) throw error;
      counters.errors += 1;
      deps.log.warn({ documentId: doc.id }, 'Pagero would not hand over this document; it stays unacknowledged');
      return null;
    }
  });
  return downloaded.filter((item) => item !== null);
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

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}
