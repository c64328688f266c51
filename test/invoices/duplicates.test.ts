import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rereadDocument, storeDocument } from '../../src/invoices/store';
import { useTestDatabase } from '../helpers/database';
import { CII_SAME_INVOICE, corpusFile, MAX_BYTES, UBL_EXAMPLE, uploadCorpusFile } from './helpers';

describe('Invoices > possible duplicates', () => {
  const t = useTestDatabase();

  it('flags an invoice that arrives again from another source and links it to the original', async () => {
    // Setup: the invoice came through Pagero as UBL
    const original = await storeDocument(t.db.sql, { source: 'pagero', bytes: corpusFile(UBL_EXAMPLE), pageroDocumentId: 'dup-1' }, { maxBytes: MAX_BYTES });
    // Action: someone uploads the same invoice written as CII
    const upload = await uploadCorpusFile(t.db.sql, CII_SAME_INVOICE);
    // Assertions: stored, not dropped, and pointing at the original
    assert.equal(upload.invoiceIds.length, 1);
    assert.deepEqual(upload.duplicates, [{ invoiceId: upload.invoiceIds[0]!, duplicateOf: original.invoiceIds[0]! }]);
    const [orig] = await t.db.sql`select duplicate_of from invoices where id = ${original.invoiceIds[0]!}`;
    assert.equal(orig!.duplicateOf, null);

    // a third copy points at the first, not at the second
    const third = await uploadCorpusFile(t.db.sql, UBL_EXAMPLE);
    assert.equal(third.duplicates[0]?.duplicateOf, original.invoiceIds[0]);

    // re-reading the original keeps the others pointing at it
    const reread = await rereadDocument(t.db.sql, original.documentId, { maxBytes: MAX_BYTES });
    const others = await t.db.sql`select duplicate_of::int from invoices where id in ${t.db.sql([upload.invoiceIds[0]!, third.invoiceIds[0]!])}`;
    assert.deepEqual(others.map((r) => r.duplicateOf), [reread!.invoiceIds[0], reread!.invoiceIds[0]]);
  });

  it('flags the pair when the two copies are stored at the same moment, whichever commits first', async () => {
    const bytes = Buffer.from(corpusFile(UBL_EXAMPLE)).toString('utf8').replace(/12115118/g, '55555');
    const input = (id: string) => ({ source: 'pagero' as const, bytes: new Uint8Array(Buffer.from(bytes)), pageroDocumentId: id });
    // Two connections. B's transaction starts first (received_at is the transaction's start, so its copy was received
    // first) but stores after A has stored and before A commits. A commits only once Postgres reports B waiting for A
    // (the guard: a transaction lock per supplier and invoice number) or B has stored without waiting (no guard: B
    // missed A's uncommitted row, and the flags below come out wrong). No timer decides the order.
    const sql = t.db.sql;
    const deferred = <T = void>() => {
      let resolve!: (value: T) => void;
      return { promise: new Promise<T>((r) => (resolve = r)), resolve };
    };
    const bStarted = deferred<number>();
    const aStored = deferred();
    const bStoreDone = deferred<'b stored'>();
    const b = sql.begin(async (tx) => {
      const [{ pid }] = (await tx`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      bStarted.resolve(pid);
      await aStored.promise;
      const stored = await storeDocument(tx, input('race-b'), { maxBytes: MAX_BYTES });
      bStoreDone.resolve('b stored');
      return stored;
    });
    /** Resolves once B's backend is blocked by A's (polled from a third connection: a state, not a moment). */
    let raced = false;
    const bWaitsFor = async (aPid: number, bPid: number) => {
      while (!raced) {
        const [row] = await sql<{ blocked: boolean }[]>`select ${aPid}::int = any(pg_blocking_pids(${bPid}::int)) as blocked`;
        if (row!.blocked) return 'b waits for a' as const;
        await new Promise((r) => setTimeout(r, 5)); // how often to look, not how long to wait
      }
      return 'b stored' as const;
    };
    let order = '';
    // A's transaction begins only once B's has (so B's received_at, its transaction's start, is the earlier one)
    const a = bStarted.promise.then((bPid) => sql.begin(async (tx) => {
      const [{ pid: aPid }] = (await tx`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
      const stored = await storeDocument(tx, input('race-a'), { maxBytes: MAX_BYTES });
      aStored.resolve();
      order = await Promise.race([bWaitsFor(aPid, bPid), bStoreDone.promise]);
      raced = true;
      return stored;
    }));
    const [storedA, storedB] = await Promise.all([a, b]);
    const flags = await t.db.sql<{ id: number; duplicateOf: number | null }[]>`
      select id::int, duplicate_of::int from invoices where id in ${t.db.sql([storedA.invoiceIds[0]!, storedB.invoiceIds[0]!])} order by id`;
    assert.deepEqual(
      Object.fromEntries(flags.map((f) => [f.id, f.duplicateOf])),
      { [storedA.invoiceIds[0]!]: storedB.invoiceIds[0]!, [storedB.invoiceIds[0]!]: null },
      'the copy received later (A) points at the one received first (B)',
    );
    assert.equal(order, 'b waits for a', 'B waited for A\'s transaction (the race this test is about took place)');
  });

  it('does not flag invoices of the same supplier that differ in amount', async () => {
    const bytes = Buffer.from(corpusFile(UBL_EXAMPLE)).toString('utf8').replace(/12115118/g, '77777');
    const first = await storeDocument(t.db.sql, { source: 'upload', bytes: new Uint8Array(Buffer.from(bytes)) }, { maxBytes: MAX_BYTES });
    const changed = bytes.replace('<cbc:PayableAmount currencyID="EUR">250.33</cbc:PayableAmount>', '<cbc:PayableAmount currencyID="EUR">250.34</cbc:PayableAmount>');
    assert.notEqual(changed, bytes);
    const second = await storeDocument(t.db.sql, { source: 'upload', bytes: new Uint8Array(Buffer.from(changed)) }, { maxBytes: MAX_BYTES });
    assert.equal(first.duplicates.length, 0);
    assert.equal(second.duplicates.length, 0);
  });
});
