import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSql } from '../../src/db/connection';
import { SYNC_LOCK, SyncLockLostError, syncCompany as syncOrSkip } from '../../src/sync/company-sync';
import { originalBytes } from '../../src/invoices/original';
import { CLIENT, useSandboxPair } from '../helpers/pagero';
import { sim } from '../helpers/sim';
import { companyWithInvoices, connectUser, simDocuments, syncDeps } from './helpers';

describe('syncing a company from Pagero', () => {
  const t = useSandboxPair({}, { seedDemo: false });
  afterEach(async () => {
    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
  });

  /** Syncs and insists it ran (nothing else holds the company's sync lock in these tests). */
  const syncCompany = async (...args: Parameters<typeof syncOrSkip>) => {
    const result = await syncOrSkip(...args);
    assert.ok(result, 'the sync ran');
    return result;
  };

  const invoicesOf = async (companyId: number) =>
    (await t.db.sql`select count(*)::int as n from invoices where company_id = ${companyId}`)[0]!.n as number;

  it('imports every waiting invoice and credit note once, with its original bytes, then acknowledges them', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 130, creditNoteShare: 0.2 });
    const result = await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'manual');
    assert.equal(result.imported, 130);
    assert.equal(result.quarantined, 0);
    assert.equal(await invoicesOf(company.companyId), 130);

    const docs = await t.db.sql`
      select d.inv_scanned_by, d.fetched_by_connection_id::int, d.sha256, d.size_bytes as size, d.pagero_metadata->>'id' as meta_id, d.pagero_document_id
      from documents d where d.company_id = ${company.companyId}`;
    assert.equal(docs.length, 130);
    assert.ok(docs.every((d) => d.invScannedBy === 'Pagero' && d.fetchedByConnectionId === company.connectionId && d.metaId === d.pageroDocumentId));
    const credit = await t.db.sql`select count(*)::int as n from invoices where company_id = ${company.companyId} and document_type = 'credit_note'`;
    assert.ok(credit[0]!.n > 0, 'credit notes are imported too');

    const listed = await simDocuments(t.pair, company.pageroCompanyId);
    assert.equal(listed.fetched, listed.items.filter((d) => d.documentType !== 'ApplicationResponse').length);

    const again = await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'schedule');
    assert.equal(again.documentsSeen, 0);
    assert.equal(await invoicesOf(company.companyId), 130);
    const [run] = await t.db.sql`select status, imported, documents_seen from sync_runs where id = ${result.runId}`;
    assert.deepEqual([run!.status, run!.imported, run!.documentsSeen], ['succeeded', 130, 130]);
  });

  it('never makes a second invoice of a re-delivered document', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 5 });
    await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'manual');
    const [first] = (await simDocuments(t.pair, company.pageroCompanyId)).items;
    const original = await fetch(`${t.pair.sandbox.url}/_sim/documents/${first!.id}`).then((r) => r.json() as Promise<{ xmlBase64?: string }>);
    const [stored] = await t.db.sql`select content, content_zstd from documents where pagero_document_id = ${first!.id}`;
    const xmlBase64 = original.xmlBase64 ?? Buffer.from(originalBytes(stored as never)).toString('base64');
    await sim(t.pair.sandbox.url, '/documents', { companyId: company.pageroCompanyId, id: first!.id, xmlBase64, isFetched: false });
    const result = await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'manual');
    assert.equal(result.documentsSeen, 1);
    assert.equal(result.alreadyImported, 1);
    assert.equal(result.imported, 0);
    assert.equal(await invoicesOf(company.companyId), 5);
  });

  it('stores, acknowledges and quarantines a document the reader rejects, keeping its bytes', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 2 });
    await sim(t.pair.sandbox.url, '/documents', { companyId: company.pageroCompanyId, xml: '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><broken', documentIdentifier: 'BROKEN-1' });
    const result = await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'manual');
    assert.equal(result.quarantined, 1);
    assert.equal(result.imported, 2);
    const [doc] = await t.db.sql`select status, quarantine_reason, content, content_zstd from documents where company_id = ${company.companyId} and status = 'quarantined'`;
    assert.match(doc!.quarantineReason, /\S/);
    assert.match(Buffer.from(originalBytes(doc as never)).toString('utf8'), /<broken$/);
    assert.equal((await simDocuments(t.pair, company.pageroCompanyId)).items.every((d) => d.isFetched), true);
  });

  it('acknowledges only after storing: a failed acknowledgement leaves the documents to be listed again, and they are not imported twice', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 8 });
    await sim(t.pair.sandbox.url, '/faults', { match: { method: 'POST', pathPrefix: '/document/v1/documents/fetch' }, times: 20, respond: { type: 'status', status: 500 } });
    await assert.rejects(syncCompany(syncDeps(t.pair, t.db.sql, { attempts: 2 }), company.companyId, 'manual'), /unavailable/);
    assert.equal(await invoicesOf(company.companyId), 8, 'stored before the acknowledgement');
    assert.equal((await simDocuments(t.pair, company.pageroCompanyId)).fetched, 0);
    const [failed] = await t.db.sql`select status, error from sync_runs where company_id = ${company.companyId} order by id desc limit 1`;
    assert.equal(failed!.status, 'failed');
    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });

    const retry = await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'schedule');
    assert.equal(retry.alreadyImported, 8);
    assert.equal(await invoicesOf(company.companyId), 8);
    assert.equal((await simDocuments(t.pair, company.pageroCompanyId)).fetched, 8);
  });

  it('pages through small pages without skipping anything while documents stay behind (refused) and new ones arrive', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 45 });
    const waiting = (await simDocuments(t.pair, company.pageroCompanyId)).items.filter((d) => d.documentType !== 'ApplicationResponse');
    const refused = [waiting[3]!.id, waiting[17]!.id, waiting[30]!.id];
    await sim(t.pair.sandbox.url, '/faults', {
      rules: refused.map((id) => ({ match: { pathRegex: `/${id}/targetdocument$` }, times: null, respond: { type: 'status', status: 403 } })),
    });
    const arriving = (async () => {
      await new Promise((r) => setTimeout(r, 50));
      await sim(t.pair.sandbox.url, '/documents/generate', { companyId: company.pageroCompanyId, count: 10, lines: 2, seed: 2 });
    })();
    const first = await syncCompany({ ...syncDeps(t.pair, t.db.sql), pageSize: 7 }, company.companyId, 'manual');
    await arriving;
    const storedIds = new Set((await t.db.sql`select pagero_document_id from documents where company_id = ${company.companyId}`).map((r) => r.pageroDocumentId as string));
    const missed = waiting.filter((d) => !refused.includes(d.id) && !storedIds.has(d.id));
    assert.deepEqual(missed.map((d) => d.id), [], 'every waiting document that Pagero hands over is imported in the same run');
    assert.ok(refused.every((id) => !storedIds.has(id)));
    assert.equal(first.errors, 3);

    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
    await syncCompany({ ...syncDeps(t.pair, t.db.sql), pageSize: 7 }, company.companyId, 'manual');
    const after = await simDocuments(t.pair, company.pageroCompanyId);
    const invoiceDocs = after.items.filter((d) => d.documentType !== 'ApplicationResponse');
    assert.equal(invoiceDocs.length, 55);
    assert.ok(invoiceDocs.every((d) => d.isFetched), 'everything is acknowledged after the second run');
    const [stored] = await t.db.sql<{ n: number; distinct: number }[]>`
      select count(*)::int as n, count(distinct pagero_document_id)::int as distinct from documents where company_id = ${company.companyId}`;
    assert.deepEqual([stored!.n, stored!.distinct], [55, 55]);
  });

  it('rides out 429 with Retry-After, 5xx, dropped connections, timeouts and a lost acknowledgement answer', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 12 });
    await sim(t.pair.sandbox.url, '/faults', {
      rules: [
        { match: { method: 'GET', pathPrefix: '/document/v1/documents' , pathRegex: '^/document/v1/documents$' }, times: 1, respond: { type: 'status', status: 429, retryAfter: 1 } },
        { match: { pathRegex: '/targetdocument$' }, times: 2, respond: { type: 'status', status: 503 } },
        { match: { pathRegex: '/targetdocument$' }, times: 2, after: 3, respond: { type: 'drop' } },
        { match: { pathRegex: '/targetdocument$' }, times: 1, after: 6, respond: { type: 'delay', ms: 1500 } },
        { match: { method: 'POST', pathPrefix: '/document/v1/documents/fetch' }, times: 1, respond: { type: 'lost_response' } },
      ],
    });
    const deps = syncDeps(t.pair, t.db.sql);
    const waits: number[] = [];
    const result = await syncCompany(
      { ...deps, pagero: syncDeps(t.pair, t.db.sql, { timeoutMs: 1000, wait: async (ms) => void waits.push(ms) }).pagero },
      company.companyId,
      'manual',
    );
    assert.equal(result.imported, 12);
    assert.equal(result.errors, 0);
    assert.ok(waits.includes(1000), `Retry-After was honoured (${waits.join(', ')})`);
    assert.equal((await simDocuments(t.pair, company.pageroCompanyId)).fetched, 12);
  });

  it('lets only one of two workers sync a company at a time, importing each document once', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 60 });
    const [a, b] = await Promise.all([
      syncOrSkip({ ...syncDeps(t.pair, t.db.sql), pageSize: 10 }, company.companyId, 'manual'),
      syncOrSkip({ ...syncDeps(t.pair, t.db.sql), pageSize: 10 }, company.companyId, 'manual'),
    ]);
    assert.equal([a, b].filter((r) => r === null).length, 1, 'the second worker leaves the company to the first');
    assert.equal((a ?? b)!.imported, 60);
    assert.equal(await invoicesOf(company.companyId), 60);
    const dupes = await t.db.sql`select pagero_document_id from documents where company_id = ${company.companyId} group by 1 having count(*) > 1`;
    assert.equal(dupes.length, 0);
  });

  it('stops at the next page when its lock connection closes mid-sync, with that reason; the retry finishes, every document stored once, the pool whole', { timeout: 120_000 }, async () => {
    const COUNT = 300;
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: COUNT, lines: 2 });
    // Downloads slowed a little, so the sync is mid-way when its lock connection is ended
    await sim(t.pair.sandbox.url, '/faults', { match: { pathRegex: '/targetdocument$' }, times: null, respond: { type: 'delay', ms: 15 } });
    // The worker's own small pool (the lock connection and two more), where a broken connection would show
    const pool = createSql(t.db.url, 3);
    const admin = createSql(t.db.url, 1);
    try {
      const stored = async () => (await t.db.sql`select count(*)::int as n from documents where company_id = ${company.companyId}`)[0]!.n as number;
      const deps = { ...syncDeps(t.pair, pool), pageSize: 20 };
      const run = syncOrSkip(deps, company.companyId, 'manual').then((r) => r, (e: unknown) => e);
      while ((await stored()) < 40) await sleep(10);
      const [holder] = await admin<{ pid: number }[]>`
        select pid from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())
          and classid = ${SYNC_LOCK} and objid = ${company.companyId} and objsubid = 2 and granted`;
      assert.ok(holder, 'the sync holds its company lock');
      assert.equal((await admin<{ ended: boolean }[]>`select pg_terminate_backend(${holder.pid}) as ended`)[0]!.ended, true);
      const cutAt = await stored();

      const error = await run;
      assert.ok(error instanceof SyncLockLostError, `the run fails with the real reason, not the unlock's: ${JSON.stringify(error) ?? String(error)} (cut at ${cutAt})`);
      assert.ok((await stored()) < COUNT, 'it stopped instead of syncing on without its lock');
      assert.ok((await stored()) <= cutAt + 3 * 20, 'within a page or two');
      const [failed] = await t.db.sql`select status, error from sync_runs where company_id = ${company.companyId} order by id desc limit 1`;
      assert.equal(failed!.status, 'failed');
      assert.match(failed!.error, /sync lock closed/);

      await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
      const retry = await syncOrSkip(deps, company.companyId, 'schedule');
      assert.ok(retry, 'the lock went with its connection: the retry takes it');
      const [docs] = await t.db.sql<{ n: number; distinct: number }[]>`
        select count(*)::int as n, count(distinct pagero_document_id)::int as distinct from documents where company_id = ${company.companyId}`;
      assert.deepEqual([docs!.n, docs!.distinct], [COUNT, COUNT], 'every document stored once');
      assert.equal(await invoicesOf(company.companyId), COUNT);
      assert.equal((await simDocuments(t.pair, company.pageroCompanyId)).fetched, COUNT, 'and acknowledged');
      // Every connection of the worker's pool works, at once, and no sync lock is left behind
      const pids = await Promise.all(Array.from({ length: 3 }, (_, i) => pool.begin(async (tx) => (await tx<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(${0.05 + i / 1000}::float8)`)[0]!.pid)));
      assert.equal(new Set(pids).size, 3);
      const locks = await admin`
        select 1 from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) and classid = ${SYNC_LOCK} and objid = ${company.companyId}`;
      assert.equal(locks.length, 0);
    } finally {
      await pool.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });

  it('hands over to another connection when the first needs renewal', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 3 });
    const second = await connectUser(t.pair, t.db.sql, company.username, 'pw');
    await sim(t.pair.sandbox.url, '/consent/revoke', { user: company.username, client_id: CLIENT.id });
    const third = await connectUser(t.pair, t.db.sql, company.username, 'pw');
    await t.db.sql`update pagero_connections set last_refreshed_at = now() + interval '1 hour' where id = ${second.connectionId}`;
    const result = await syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'manual');
    assert.equal(result.imported, 3);
    const [run] = await t.db.sql`select connection_id::int from sync_runs where id = ${result.runId}`;
    assert.equal(run!.connectionId, third.connectionId);
    const [status] = await t.db.sql`select status from pagero_connections where id = ${second.connectionId}`;
    assert.equal(status!.status, 'needs_renewal');
  });

  it('records a failed run when no connection can see the company', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 1 });
    await t.db.sql`update pagero_connections set status = 'needs_renewal' where id = ${company.connectionId}`;
    await assert.rejects(syncCompany(syncDeps(t.pair, t.db.sql), company.companyId, 'manual'), /no active Pagero connection/);
    const [run] = await t.db.sql`select status, error from sync_runs where company_id = ${company.companyId} order by id desc limit 1`;
    assert.equal(run!.status, 'failed');
  });
});
