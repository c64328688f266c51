import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEInvoice } from '../../src/einvoice/index';
import { rereadDocument, rereadQuarantinedDocuments, storeDocument } from '../../src/invoices/store';
import { originalBytes } from '../../src/invoices/original';
import { useTestDatabase } from '../helpers/database';
import { CII_SAME_INVOICE, corpusFile, FATTURAPA_TWO_BODIES, fixture, MAX_BYTES, UBL_EXAMPLE, uploadCorpusFile } from './helpers';

describe('Invoices > storing received documents', () => {
  const t = useTestDatabase();

  it('stores a UBL invoice with its lines, tax breakdown and the original bytes', async () => {
    // Action
    const result = await uploadCorpusFile(t.db.sql, UBL_EXAMPLE);
    // Assertions
    assert.equal(result.quarantined, undefined);
    assert.equal(result.invoiceIds.length, 1);
    const [inv] = await t.db.sql`
      select format, invoice_number, issue_date::text, seller_name, seller_vat_id, inv_scanned_by, status,
             payable_amount::text, tax_amount::text, (select count(*)::int from invoice_lines where invoice_id = i.id) as lines,
             (select count(*)::int from invoice_tax_breakdowns where invoice_id = i.id) as taxes
      from invoices i where id = ${result.invoiceIds[0]!}`;
    assert.deepEqual({ ...inv }, {
      format: 'ubl', invoiceNumber: '12115118', issueDate: '2015-01-09', sellerName: 'De Koksmaat', sellerVatId: 'NL8200.98.395.B.01',
      invScannedBy: 'Upload', status: 'received', payableAmount: '250.33', taxAmount: '20.73', lines: 20, taxes: 2,
    });
    const [doc] = await t.db.sql`select content, content_zstd, sha256, size_bytes, status, source, reader_version from documents where id = ${result.documentId}`;
    assert.ok(Buffer.from(originalBytes(doc as never)).equals(Buffer.from(corpusFile(UBL_EXAMPLE))));
    assert.equal(doc!.status, 'imported');
    assert.equal(doc!.source, 'upload');
    assert.match(doc!.sha256, /^[0-9a-f]{64}$/);
    assert.match(doc!.readerVersion, /^[0-9a-f]{12}$/);
  });

  it('stores CII and both bodies of a FatturaPA file as separate invoices', async () => {
    const cii = await uploadCorpusFile(t.db.sql, CII_SAME_INVOICE);
    const fattura = await uploadCorpusFile(t.db.sql, FATTURAPA_TWO_BODIES);
    assert.equal(cii.invoiceIds.length, 1);
    assert.equal(fattura.invoiceIds.length, 2);
    const rows = await t.db.sql`select format, invoice_number, position from invoices where document_id = ${fattura.documentId} order by position`;
    assert.deepEqual(rows.map((r) => [r.format, r.invoiceNumber, r.position]), [['fatturapa', '3', 0], ['fatturapa', '4', 1]]);
  });

  it('keeps every amount exactly as written, as numeric', async () => {
    const bytes = corpusFile('ubl/OpenPEPPOL-peppol-bis-invoice-3__base-example.xml');
    const read = readEInvoice(bytes);
    assert.ok(read.ok);
    const { invoiceIds } = await storeDocument(t.db.sql, { source: 'upload', bytes }, { maxBytes: MAX_BYTES });
    const [row] = await t.db.sql`
      select pg_typeof(payable_amount)::text as type, line_net_amount::text, tax_exclusive_amount::text, tax_amount::text,
             tax_inclusive_amount::text, payable_amount::text
      from invoices where id = ${invoiceIds[0]!}`;
    assert.equal(row!.type, 'numeric');
    const totals = read.invoices[0]!.totals;
    assert.deepEqual([row!.lineNetAmount, row!.taxExclusiveAmount, row!.taxAmount, row!.taxInclusiveAmount, row!.payableAmount], [totals.lineNet, totals.taxExclusive, totals.tax, totals.taxInclusive, totals.payable]);
    const lines = await t.db.sql`select quantity::text, unit_price::text, net_amount::text from invoice_lines where invoice_id = ${invoiceIds[0]!} order by position`;
    assert.deepEqual(lines.map((l) => [l.quantity, l.unitPrice, l.netAmount]), read.invoices[0]!.lines.map((l) => [l.quantity, l.unitPrice, l.netAmount]));
  });

  it('extracts and keeps the FatturaPA embedded in a UBL envelope as an attachment', async () => {
    const { invoiceIds } = await storeDocument(t.db.sql, { source: 'upload', bytes: fixture('ubl-with-fatturapa.xml') }, { maxBytes: MAX_BYTES });
    const [inv] = await t.db.sql`select format, attachment_count from invoices where id = ${invoiceIds[0]!}`;
    assert.equal(inv!.format, 'fatturapa');
    const attachments = await t.db.sql`select filename, mime_type, size_bytes, sha256, content from invoice_attachments where invoice_id = ${invoiceIds[0]!}`;
    assert.equal(attachments.length, inv!.attachmentCount);
    assert.deepEqual(attachments.map((a) => [a.filename, a.mimeType]), [['IT01234567890_00001.xml', 'text/xml'], ['hours.csv', 'text/csv']]);
    assert.match(Buffer.from(attachments[0]!.content).toString('utf8'), /FatturaElettronica/);
    assert.equal(attachments[1]!.content.length, 14);
  });

  it('imports a Pagero document once, however often it is delivered', async () => {
    const input = { source: 'pagero' as const, bytes: corpusFile(UBL_EXAMPLE), pageroDocumentId: 'pg-doc-1', pageroMetadata: { documentType: 'INVOICE' } };
    const first = await storeDocument(t.db.sql, input, { maxBytes: MAX_BYTES });
    const again = await storeDocument(t.db.sql, input, { maxBytes: MAX_BYTES });
    assert.equal(first.alreadyImported, false);
    assert.equal(again.alreadyImported, true);
    assert.equal(again.documentId, first.documentId);
    const [count] = await t.db.sql`select count(*)::int as n from invoices i join documents d on d.id = i.document_id where d.pagero_document_id = 'pg-doc-1'`;
    assert.equal(count!.n, 1);
    const [doc] = await t.db.sql`select inv_scanned_by, pagero_metadata from documents where id = ${first.documentId}`;
    assert.equal(doc!.invScannedBy, 'Pagero');
    assert.deepEqual(doc!.pageroMetadata, { documentType: 'INVOICE' });
  });

  it('quarantines a file the reader refuses, with its bytes and the reason', async () => {
    const bytes = new Uint8Array(Buffer.from('<Invoice><broken'));
    const result = await storeDocument(t.db.sql, { source: 'upload', bytes, filename: 'broken.xml' }, { maxBytes: MAX_BYTES });
    assert.equal(result.invoiceIds.length, 0);
    assert.match(result.quarantined!, /^[A-Z].*\.$/);
    const [doc] = await t.db.sql`select status, quarantine_reason, content, content_zstd from documents where id = ${result.documentId}`;
    assert.equal(doc!.status, 'quarantined');
    assert.equal(doc!.quarantineReason, result.quarantined);
    assert.ok(Buffer.from(originalBytes(doc as never)).equals(Buffer.from(bytes)));
  });

  it('re-reads a quarantined document into invoices once the reader accepts it', async () => {
    // Setup: quarantined because of a size limit
    const bytes = corpusFile(CII_SAME_INVOICE);
    const stored = await storeDocument(t.db.sql, { source: 'upload', bytes }, { maxBytes: 1000 });
    assert.match(stored.quarantined!, /over the .* limit/);
    // Action: the "fixed reader" takes a larger limit
    const reread = await rereadDocument(t.db.sql, stored.documentId, { maxBytes: MAX_BYTES });
    // Assertions
    assert.equal(reread!.quarantined, undefined);
    assert.equal(reread!.invoiceIds.length, 1);
    const [doc] = await t.db.sql`select status, quarantine_reason from documents where id = ${stored.documentId}`;
    assert.deepEqual({ ...doc }, { status: 'imported', quarantineReason: null });
  });

  it('re-reads all quarantined documents and reports what became of them', async () => {
    await storeDocument(t.db.sql, { source: 'upload', bytes: corpusFile(FATTURAPA_TWO_BODIES) }, { maxBytes: 100 });
    await storeDocument(t.db.sql, { source: 'upload', bytes: new Uint8Array(Buffer.from('not xml')) }, { maxBytes: MAX_BYTES });
    const summary = await rereadQuarantinedDocuments(t.db.sql, { maxBytes: MAX_BYTES });
    assert.ok(summary.imported >= 1);
    assert.ok(summary.stillQuarantined >= 1);
    const [left] = await t.db.sql`select count(*)::int as n from documents where status = 'quarantined' and quarantine_reason ilike '%limit%'`;
    assert.equal(left!.n, 0);
  });

  it('returns nothing for a document that does not exist', async () => {
    assert.equal(await rereadDocument(t.db.sql, 987654, { maxBytes: MAX_BYTES }), undefined);
  });
});
