import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { PAGE_SIZE } from '../../src/invoices/list-query';
import { storeDocument } from '../../src/invoices/store';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import type { TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { corpusFile, fixture, MAX_BYTES, UBL_EXAMPLE, uploadCorpusFile } from './helpers';

/** A copy of the UBL example with its own invoice number, stored as a new upload. */
async function storeNumbered(db: TestDatabase, number: string) {
  const xml = Buffer.from(corpusFile(UBL_EXAMPLE)).toString('utf8').replace(/<cbc:ID>12115118<\/cbc:ID>/, `<cbc:ID>${number}</cbc:ID>`);
  return storeDocument(db.sql, { source: 'upload', bytes: new Uint8Array(Buffer.from(xml)), filename: `${number}.xml` }, { maxBytes: MAX_BYTES });
}

describe('Invoices > My Invoices and the invoice page', () => {
  const t = useTestApp();
  let clerk: Browserless;
  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    clerk = new Browserless(t.app.url);
    await clerk.signIn(user.email, user.password);
  });

  it('shows the empty state while there are no invoices', async () => {
    const page = await clerk.get('/invoices');
    assert.match(page.text, /No Pagero connection yet\./);
  });

  it('lists invoices newest first, 50 a page, without gaps or repeats across pages', async () => {
    for (let n = 1; n <= PAGE_SIZE + 5; n++) await storeNumbered(t.db, `P-${String(n).padStart(3, '0')}`);
    const numbersOn = (html: string) => [...html.matchAll(/<td class="number"><span class="number-line"><a href="\/invoices\/\d+"[^>]*>(P-\d+)<\/a>/g)].map((m) => m[1]!);

    const first = await clerk.get('/invoices');
    const firstNumbers = numbersOn(first.text);
    assert.equal(firstNumbers.length, PAGE_SIZE);
    assert.equal(firstNumbers[0], `P-0${PAGE_SIZE + 5}`);
    const next = /href="(\/invoices\?after=[^"]+)" rel="next"/.exec(first.text)?.[1];
    assert.ok(next, 'a link to the older invoices');

    const second = await clerk.get(next!.replaceAll('&amp;', '&'));
    const secondNumbers = numbersOn(second.text);
    assert.deepEqual(secondNumbers, ['P-005', 'P-004', 'P-003', 'P-002', 'P-001']);
    assert.doesNotMatch(second.text, /rel="next"/);
    assert.equal((await clerk.get('/invoices?after=garbage')).status, 400);
  });

  it('shows an invoice with its parties, lines, totals and downloads of the original and attachments', async () => {
    const first = await uploadCorpusFile(t.db.sql, UBL_EXAMPLE);
    const stored = await uploadCorpusFile(t.db.sql, UBL_EXAMPLE);
    const withAttachment = await storeDocument(t.db.sql, { source: 'upload', bytes: fixture('ubl-with-fatturapa.xml'), filename: 'it.xml' }, { maxBytes: MAX_BYTES });
    const page = await clerk.get(`/invoices/${stored.invoiceIds[0]}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Invoice 12115118<span class="title-rest"> · De Koksmaat · <span class="money">€250\.33<\/span><\/span><\/h1>/);
    assert.match(page.text, /<title>Invoice 12115118 · De Koksmaat · €250\.33 · apdesk<\/title>/);
    assert.match(page.text, /De Koksmaat/);
    assert.match(page.text, /NL8200\.98\.395\.B\.01/);
    assert.match(page.text, /<dt>Amount due<\/dt><dd class="amount"><span class="money">€250\.33<\/span><\/dd>/);
    assert.match(page.text, new RegExp(`Possible duplicate of <a href="/invoices/${first.invoiceIds[0]}">invoice 12115118</a>`));
    assert.match(page.text, /<dt>Pay to \(IBAN\)<\/dt><dd><span class="id">NL57 RABO 0107307510<\/span><\/dd>/);
    assert.match(page.text, /FRITUUR VET 10 KG RETOUR/);
    assert.match(page.text, /<li>Line 20 has a net amount of -109\.98/);

    const original = await clerk.get(`/invoices/${stored.invoiceIds[0]}/original`);
    assert.equal(original.status, 200);
    assert.equal(original.text, Buffer.from(corpusFile(UBL_EXAMPLE)).toString('utf8'));
    assert.match(original.headers.get('content-disposition')!, /^attachment; filename="ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example1\.xml"/);

    const itPage = await clerk.get(`/invoices/${withAttachment.invoiceIds[0]}`);
    const link = /href="(\/invoices\/\d+\/attachments\/\d+)"[^>]*>hours.csv/.exec(itPage.text)?.[1];
    assert.ok(link);
    const att = await clerk.get(link!);
    assert.equal(att.status, 200);
    assert.equal(att.headers.get('content-type'), 'text/csv');
    assert.match(att.headers.get('content-disposition')!, /^attachment;/);
  });

  it('answers 404 for invoices, originals and attachments that are not there to see', async () => {
    const stored = await uploadCorpusFile(t.db.sql, UBL_EXAMPLE);
    const [attachment] = await t.db.sql`select id::int, invoice_id::int from invoice_attachments limit 1`;
    for (const path of ['/invoices/99999999', '/invoices/abc', '/invoices/99999999/original', `/invoices/${stored.invoiceIds[0]}/attachments/${attachment!.id}`]) {
      assert.equal((await clerk.get(path)).status, 404, path);
    }
  });

  it('shows an AP clerk only the invoices of their document groups, and 404 for the others', async () => {
    // Setup: one invoice in the clerk's group, one Unassigned
    const user = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const clerkOfGroup = new Browserless(t.app.url);
    await clerkOfGroup.signIn(user.email, user.password);
    const [group] = await t.db.sql`insert into document_groups (name, priority, conditions) values ('Visibility test', 9001, '{"join":"and","children":[]}') returning id::int`;
    await t.db.sql`insert into document_group_members (group_id, user_id) values (${group!.id}, ${user.id})`;
    const mine = await storeNumbered(t.db, 'MINE-1');
    const other = await storeDocument(t.db.sql, { source: 'upload', bytes: fixture('ubl-with-fatturapa.xml') }, { maxBytes: MAX_BYTES });
    await t.db.sql`update invoice_groups set group_id = ${group!.id} where invoice_id = ${mine.invoiceIds[0]!}`;
    await t.db.sql`update invoice_groups set group_id = null where invoice_id = ${other.invoiceIds[0]!}`;
    const [attachment] = await t.db.sql`select id::int from invoice_attachments where invoice_id = ${other.invoiceIds[0]!}`;
    // Assertions
    const list = await clerkOfGroup.get('/invoices');
    assert.deepEqual([...list.text.matchAll(/<td class="number"><span class="number-line"><a href="\/invoices\/(\d+)"/g)].map((m) => Number(m[1])), [mine.invoiceIds[0]]);
    assert.equal((await clerkOfGroup.get(`/invoices/${mine.invoiceIds[0]}`)).status, 200);
    for (const path of ['', '/original', `/attachments/${attachment!.id}`]) {
      assert.equal((await clerkOfGroup.get(`/invoices/${other.invoiceIds[0]}${path}`)).status, 404, path);
    }
  });
});

describe('Invoices > Needs attention', () => {
  const t = useTestApp({ EINVOICE_MAX_BYTES: '30000' });
  let admin: Browserless;
  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_admin'] });
    admin = new Browserless(t.app.url);
    await admin.signIn(user.email, user.password);
  });

  it('is closed to AP clerks', async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_specialist', 'ap_manager'] });
    const clerk = new Browserless(t.app.url);
    await clerk.signIn(user.email, user.password);
    const [doc] = await t.db.sql`insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, quarantine_reason, reader_version)
      values ('upload', 'Upload', 1, 'x', '\\x00', 'quarantined', 'Broken.', 'v') returning id::int`;
    assert.equal((await clerk.get('/needs-attention')).status, 403);
    assert.equal((await clerk.get(`/needs-attention/documents/${doc!.id}/original`)).status, 403);
    await clerk.get('/invoices');
    assert.equal((await clerk.post(`/needs-attention/documents/${doc!.id}/rereads`, {})).status, 403);
    assert.equal((await clerk.post('/needs-attention/rereads', {})).status, 403);
    assert.doesNotMatch((await clerk.get('/invoices')).text, /href="\/needs-attention"/);
  });

  it('lists a quarantined file with its reason, offers its bytes, and re-reads it into My Invoices', async () => {
    // Setup: quarantined by a smaller limit than the app now has
    const bytes = corpusFile(UBL_EXAMPLE);
    const stored = await storeDocument(t.db.sql, { source: 'pagero', bytes, filename: 'pagero-1.xml', pageroDocumentId: 'na-1' }, { maxBytes: 1000 });
    const page = await admin.get('/needs-attention');
    assert.equal(page.status, 200);
    assert.match(page.text, /pagero-1\.xml<\/a><\/td><td>Pagero<\/td>/);
    assert.match(page.text, /over the 0 MB limit for e-invoices\.|over the 0\.00 MB limit/);
    const original = await admin.get(`/needs-attention/documents/${stored.documentId}/original`);
    assert.equal(original.text, Buffer.from(bytes).toString('utf8'));

    // Action
    const res = await admin.post(`/needs-attention/documents/${stored.documentId}/rereads`, {});
    // Assertions
    assert.equal(res.status, 303);
    assert.match((await admin.get('/needs-attention')).text, /The file was read: 1 invoice moved to My Invoices\./);
    assert.match((await admin.get('/invoices')).text, /12115118/);

    // A second re-read (a stale page, a double click) leaves the invoice, its status and history alone
    const [invoice] = await t.db.sql<{ id: number }[]>`select id::int from invoices where document_id = ${stored.documentId}`;
    await t.db.sql`update invoices set status = 'approved' where id = ${invoice!.id}`;
    assert.equal((await admin.post(`/needs-attention/documents/${stored.documentId}/rereads`, {})).status, 303);
    assert.match((await admin.get('/needs-attention')).text, /That file was read already; its invoices are in My Invoices\./);
    const after = await t.db.sql`select id::int, status from invoices where document_id = ${stored.documentId}`;
    assert.deepEqual(after.map((r) => ({ ...r })), [{ id: invoice!.id, status: 'approved' }]);
  });

  it('queues one background re-read of everything for Re-read all', async () => {
    await storeDocument(t.db.sql, { source: 'upload', bytes: new Uint8Array(Buffer.from('junk')), filename: 'junk.xml' }, { maxBytes: MAX_BYTES });
    await admin.get('/needs-attention');
    assert.equal((await admin.post('/needs-attention/rereads', {})).status, 303);
    await admin.get('/needs-attention');
    await admin.post('/needs-attention/rereads', {});
    const jobs = await t.db.sql`select task_identifier from graphile_worker.jobs where task_identifier = 'documents__reread_quarantined'`;
    assert.equal(jobs.length, 1);
  });

  it('answers 404 for a document that does not exist', async () => {
    assert.equal((await admin.get('/needs-attention/documents/99999999/original')).status, 404);
    await admin.get('/needs-attention');
    assert.equal((await admin.post('/needs-attention/documents/99999999/rereads', {})).status, 404);
  });
});
