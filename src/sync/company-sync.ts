/*
 * One company's sync. It pages through the received invoices and credit notes Pagero has not
 * yet seen fetched, downloads each target document, stores a page of them in one
 * transaction, and only after the commit acknowledges them at Pagero. So a crash at any
 * moment loses nothing (unacknowledged documents are listed again) and creates nothing
 * twice (the Pagero document id is unique; a re-listed stored document is only acknowledged).
 * A connection that needs renewal or is refused (401/403) hands over to the next one.
 */
import type { Sql } from '../db/connection';
import { isConnectionError } from '../db/health';
import { statisticsKeeper } from '../invoices/statistics';
import { readDocumentsYielding, storePageroDocuments, type StoreResult } from '../invoices/store';
import type { Logger } from '../logger';
import { PageroAccessError, type PageroApi, type PageroDocument } from '../pagero/api';
import { NeedsRenewalError } from '../pagero/connections';
import type { PageroService } from '../pagero/service';
import { emptyCounters, finishRun, saveProgress, startRun, type SyncCounters, type SyncTrigger } from './runs';

/** processId: the worker process running the sync (src/worker/liveness.ts), so a dead one's run is closed. */
export type SyncDeps = { sql: Sql; pagero: PageroService; log: Logger; maxBytes: number; pageSize?: number; downloads?: number; processId?: string };

/** Pagero lists credit notes as documentType Invoice (subtype Credit); a server that says CreditNote is understood too. */
const LISTED_TYPES = ['Invoice'];
const INVOICE_TYPES = ['Invoice', 'CreditNote'];
const ACK_BATCH = 100;

export class NoConnectionError extends Error {}

/** The connection holding the company's sync lock closed, and the lock with it: another worker may sync the company now. */
export class SyncLockLostError extends Error {}

export const SYNC_LOCK = 7_311_100;

/**
 * Syncs one company, unless another worker is syncing it right now (then null: the caller
 * asks again shortly). The advisory lock lives on a connection held for the whole sync.
 */
export async function syncCompany(deps: SyncDeps, companyId: number, trigger: SyncTrigger): Promise<(SyncCounters & { runId: number }) | null> {
  const lock = await deps.sql.reserve();
  try {
    const [{ locked }] = (await lock`select pg_try_advisory_lock(${SYNC_LOCK}, ${companyId}::int) as locked`) as unknown as [{ locked: boolean }];
    if (!locked) return null;
    // A session lock lives as long as its connection: while this answers, the lock is still ours.
    const holdsLock = async () => {
      await lock`select 1`.catch((error: unknown) => {
        throw new SyncLockLostError(`the database connection holding company ${companyId}'s sync lock closed (${(error as Error).message}), so another worker may sync it now: this run stops and the job tries again`, { cause: error });
      });
    };
    try {
      return await syncLocked(deps, companyId, trigger, holdsLock);
    } finally {
      // Never in place of the sync's own result or error: a lock whose connection is gone went with it.
      await lock`select pg_advisory_unlock(${SYNC_LOCK}, ${companyId}::int)`.catch((error: unknown) => {
        if (isConnectionError(error)) deps.log.warn({ companyId, reason: (error as Error).message }, 'sync lock connection closed; the lock closed with it');
        else deps.log.error({ companyId, err: error }, 'could not release the sync lock; it goes when its connection does');
      });
    }
  } finally {
    lock.release();
  }
}

async function syncLocked(deps: SyncDeps, companyId: number, trigger: SyncTrigger, holdsLock: () => Promise<void>): Promise<SyncCounters & { runId: number }> {
  const { sql, log } = deps;
  const [company]: [{ pageroCompanyId: string; name: string }?] = await sql`select pagero_company_id, name from pagero_companies where id = ${companyId}`;
  if (!company) throw new NoConnectionError(`company ${companyId} no longer exists`);
  const runId = await startRun(sql, companyId, trigger, deps.processId ?? null);
  const counters = emptyCounters();
  let connectionId: number | null = null;
  try {
    for (const candidate of await candidateConnections(sql, companyId)) {
      connectionId = candidate;
      try {
        await syncThrough(deps, { companyId, pageroCompanyId: company.pageroCompanyId, connectionId, runId }, counters, holdsLock);
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

/** Active connections that can see the company, the most recently refreshed first (the sync and the Invoice Responses use them in this order). */
export async function candidateConnections(sql: Sql, companyId: number): Promise<number[]> {
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

/*
 * The sync is a pipeline across pages: one chunk downloads while the one before it is read
 * and the one before that is stored (PostgreSQL works on the other core). One chunk is
 * stored at a time, and acknowledged right after its commit.
 *
 * Where the next page starts: the listing of not-yet-fetched documents drops what we
 * acknowledge, and keeps what we leave (refused, not an invoice) or are still storing. Those
 * stay above every document we have not seen, so listing from their count never skips one;
 * documents arriving meanwhile can push seen ones down into the next page, and a page of
 * nothing but seen documents is stepped over. The next page is listed while this page's
 * last chunk is stored, and that chunk is acknowledged only after the listing has answered.
 *
 * Before each page is imported, the company's sync lock must still be held (`holdsLock` throws
 * when its connection closed): so two workers overlap on at most one page, which the unique
 * Pagero document id makes harmless, instead of syncing one company side by side to the end.
 */
async function syncThrough(deps: SyncDeps, target: Target, counters: SyncCounters, holdsLock: () => Promise<void>) {
  const api = deps.pagero.apiFor(target.connectionId);
  const seen = new Set<string>();
  const pipeline: Pipeline = { storing: Promise.resolve(), unacknowledged: new Set(), stored: statisticsKeeper(deps.sql) };
  let skip = 0;
  const list = () => {
    const offset = pipeline.unacknowledged.size + skip;
    const listing = api
      .listReceived({ companyId: target.pageroCompanyId, documentTypes: LISTED_TYPES, notFetchedOnly: true, offset, limit: deps.pageSize ?? 100 })
      .then((page) => ({ page, offset }));
    listing.catch(() => {}); // awaited later; until then a failure must not count as unhandled
    return listing;
  };
  try {
    let listing = list();
    for (;;) {
      const { page, offset } = await listing;
      if (page.items.length === 0) return await pipeline.storing;
      const fresh = page.items.filter((d) => !seen.has(d.id) && INVOICE_TYPES.includes(d.documentInfo?.documentType ?? 'Invoice'));
      for (const d of page.items) {
        if (!seen.has(d.id)) pipeline.unacknowledged.add(d.id);
        seen.add(d.id);
      }
      if (fresh.length === 0) {
        await pipeline.storing;
        if (offset + page.items.length >= (page.meta?.total ?? 0)) return;
        skip += page.items.length;
        listing = list();
        continue;
      }
      skip = 0;
      await holdsLock();
      let next: ReturnType<typeof list> | null = null;
      await importPage(deps, api, target, fresh, counters, pipeline, () => (next = list()));
      await saveProgress(deps.sql, target.runId, counters, target.connectionId);
      if (!next) await pipeline.storing;
      listing = next ?? list();
    }
  } finally {
    await pipeline.storing.catch(() => {});
  }
}

type Pipeline = {
  /** The chunk being stored and then acknowledged, if any. */
  storing: Promise<void>;
  /** Seen documents still in Pagero's listing: left there, or being stored. */
  unacknowledged: Set<string>;
  stored: (documents: number) => Promise<void>;
};

/**
 * Queues one page's documents into the pipeline and returns once its last chunk is being
 * stored. `listNext` is called just before that last chunk's store starts; the chunk is
 * acknowledged only after the listing has answered.
 */
async function importPage(
  deps: SyncDeps, api: PageroApi, target: Target, documents: PageroDocument[], counters: SyncCounters,
  pipeline: Pipeline, listNext: () => Promise<unknown>,
) {
  counters.documentsSeen += documents.length;
  const known = new Set(
    (await deps.sql<{ pageroDocumentId: string }[]>`select pagero_document_id from documents where pagero_document_id = any(${documents.map((d) => d.id)})`).map(
      (r) => r.pageroDocumentId,
    ),
  );
  counters.alreadyImported += known.size;
  if (known.size) {
    await pipeline.storing; // a listing may be in flight: acknowledgements wait for it
    await acknowledge(api, [...known]);
    for (const id of known) pipeline.unacknowledged.delete(id);
  }

  const toFetch = documents.filter((d) => !known.has(d.id));
  const limits = { maxBytes: deps.maxBytes };
  let next = toFetch.length ? downloadChunk(deps, api, toFetch, 0, counters) : null;
  while (next) {
    const { fetched, end } = await next;
    const last = end >= toFetch.length;
    next = last ? null : downloadChunk(deps, api, toFetch, end, counters);
    next?.catch(() => {}); // its failure surfaces when awaited; until then it must not count as unhandled
    if (fetched.length === 0) continue;
    const inputs = fetched.map(({ doc, bytes }) => documentInput(target, doc, bytes));
    const readings = await readDocumentsYielding(inputs, limits);
    await pipeline.storing;
    const listing = last ? listNext() : null;
    pipeline.storing = storePageroDocuments(deps.sql, inputs, limits, readings).then(async (stored) => {
      tally(counters, stored);
      await listing?.catch(() => {});
      await acknowledge(api, inputs.map((input) => input.pageroDocumentId!));
      for (const input of inputs) pipeline.unacknowledged.delete(input.pageroDocumentId!);
      await pipeline.stored(inputs.length);
    });
    pipeline.storing.catch(() => {});
  }
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
