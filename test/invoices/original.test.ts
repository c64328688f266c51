/*
 * Originals are stored compressed with zstd and come back byte for byte: through the
 * download routes, the re-read of a quarantined file, and for rows stored raw before.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { originalBytes } from '../../src/invoices/original';
import { rereadDocument, storeDocument } from '../../src/invoices/store';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { corpusFile, MAX_BYTES, UBL_EXAMPLE } from './helpers';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('original bytes stored with zstd', () => {
  const t = useTestApp();
  let admin: Browserless;
  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(user.email, user.password);
  });

  /** The raw response bytes of a signed-in GET (Browserless decodes text). */
  const bytesOf = async (path: string) => {
    const res = await fetch(new URL(path, t.app.url), { headers: { cookie: `apdesk_session=${admin.cookie('apdesk_session')}` } });
    assert.equal(res.status, 200);
    return new Uint8Array(await res.arrayBuffer());
  };

  it('keeps an invoice compressed and sends back exactly what was received, with the sha256 of the original', async () => {
    // a BOM, CRLF line ends and trailing bytes a reader would normalise
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(Buffer.from(corpusFile(UBL_EXAMPLE)).toString('utf8').replace(/\n/g, '\r\n')), Buffer.from('\r\n\r\n')]));
    const stored = await storeDocument(t.db.sql, { source: 'upload', bytes, filename: 'crlf.xml' }, { maxBytes: MAX_BYTES });
    assert.equal(stored.quarantined, undefined);
    const [row] = await t.db.sql`select content, content_zstd, sha256, size_bytes, length(content_zstd) as packed from documents where id = ${stored.documentId}`;
    assert.equal(row!.content, null, 'no raw copy next to the compressed one');
    assert.ok(row!.packed < bytes.byteLength / 3, `compressed to ${row!.packed} of ${bytes.byteLength} bytes`);
    assert.equal(row!.sha256, sha256(bytes));
    assert.equal(row!.sizeBytes, bytes.byteLength);
    const [storage] = await t.db.sql`select attstorage from pg_attribute where attrelid = 'documents'::regclass and attname = 'content_zstd'`;
    assert.equal(storage!.attstorage, 'e', 'storage external: PostgreSQL does not compress it again');

    const downloaded = await bytesOf(`/invoices/${stored.invoiceIds[0]!}/original`);
    assert.ok(Buffer.from(downloaded).equals(Buffer.from(bytes)));
  });

  it('round-trips binary a reader refuses (quarantine download and re-read)', async () => {
    const bytes = new Uint8Array(Buffer.concat([randomBytes(40_000), Buffer.from([0xff, 0xfe, 0x00, 0xc3])]));
    const stored = await storeDocument(t.db.sql, { source: 'upload', bytes, filename: 'noise.bin' }, { maxBytes: MAX_BYTES });
    assert.ok(stored.quarantined);
    assert.ok(Buffer.from(await bytesOf(`/needs-attention/documents/${stored.documentId}/original`)).equals(Buffer.from(bytes)));
    const reread = await rereadDocument(t.db.sql, stored.documentId, { maxBytes: MAX_BYTES });
    assert.ok(reread!.quarantined, 'read again from the decompressed bytes: still refused, still kept');
    const [row] = await t.db.sql`select content, content_zstd, sha256 from documents where id = ${stored.documentId}`;
    assert.equal(sha256(originalBytes(row as never)), sha256(bytes));
  });

  it('still serves and re-reads originals stored raw before compression', async () => {
    const bytes = corpusFile(UBL_EXAMPLE);
    const [doc] = await t.db.sql`
      insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, quarantine_reason, reader_version)
      values ('upload', 'Upload', 'old.xml', 'application/xml', ${bytes.byteLength}, ${sha256(bytes)}, ${Buffer.from(bytes)}, 'quarantined', 'Read by an older reader.', 'old')
      returning id::int`;
    assert.ok(Buffer.from(await bytesOf(`/needs-attention/documents/${doc!.id}/original`)).equals(Buffer.from(bytes)));
    const reread = await rereadDocument(t.db.sql, doc!.id, { maxBytes: MAX_BYTES });
    assert.equal(reread!.quarantined, undefined);
    assert.ok(Buffer.from(await bytesOf(`/invoices/${reread!.invoiceIds[0]!}/original`)).equals(Buffer.from(bytes)));
  });

  it('refuses a row with both or neither original', async () => {
    const attempt = (content: Buffer | null, zstd: Buffer | null) => t.db.sql`
      insert into documents (source, inv_scanned_by, size_bytes, sha256, content, content_zstd, status, reader_version)
      values ('upload', 'Upload', 1, 'x', ${content}, ${zstd}, 'imported', 'v')`;
    await assert.rejects(attempt(null, null), /documents_one_original/);
    await assert.rejects(attempt(Buffer.from('a'), Buffer.from('b')), /documents_one_original/);
  });
});
