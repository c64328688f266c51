import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { CII_SAME_INVOICE, corpusFile, FATTURAPA_TWO_BODIES, fixture, followResult, UBL_EXAMPLE } from './helpers';

const MAX_BYTES = 40_000;

function uploadForm(csrf: string | null, files: { name: string; bytes: Uint8Array }[]) {
  const form = new FormData();
  if (csrf !== null) form.append('_csrf', csrf);
  for (const f of files) form.append('files', new Blob([Buffer.from(f.bytes)], { type: 'application/xml' }), f.name);
  return form;
}

describe('Invoices > uploading on My Invoices', () => {
  const t = useTestApp({ EINVOICE_MAX_BYTES: String(MAX_BYTES) });
  let clerk: Browserless;
  before(async () => {
    const user = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    clerk = new Browserless(t.app.url);
    await clerk.signIn(user.email, user.password);
  });

  const upload = async (files: { name: string; bytes: Uint8Array }[], opts: { csrf?: string | null; htmx?: boolean } = {}) => {
    await clerk.get('/invoices');
    const csrf = opts.csrf === undefined ? clerk.csrf : opts.csrf;
    const headers: Record<string, string> = opts.htmx ? { 'hx-request': 'true', 'x-csrf-token': clerk.csrf } : {};
    const res = await clerk.request('POST', '/invoices/uploads', { body: uploadForm(opts.htmx ? null : csrf, files), headers });
    return opts.htmx ? res : followResult(clerk, res);
  };

  it('offers a plain multipart form with its CSRF field', async () => {
    const page = await clerk.get('/invoices');
    assert.equal(page.status, 200);
    assert.match(page.text, /<form id="upload-form" method="post" action="\/invoices\/uploads" enctype="multipart\/form-data"/);
    assert.match(page.text, /<input id="upload-files" type="file" name="files" multiple/);
    assert.match(page.text, /name="_csrf" value="[^"]+"/);
    assert.match(page.text, /<script src="\/assets\/upload.js"/);
    assert.equal((await clerk.get('/assets/upload.js')).status, 200);
  });

  it('imports a good file without JavaScript and links to its invoice', async () => {
    const res = await upload([{ name: 'ubl.xml', bytes: corpusFile(UBL_EXAMPLE) }]);
    assert.equal(res.status, 200);
    const [row] = await t.db.sql`select i.id::int, d.inv_scanned_by, d.uploaded_by_user_id from invoices i join documents d on d.id = i.document_id where d.filename = 'ubl.xml'`;
    assert.equal(row!.invScannedBy, 'Upload');
    assert.match(res.text, new RegExp(`ubl.xml</strong><span> — imported: <a href="/invoices/${row!.id}">invoice 12115118</a>`));
    assert.match(res.text, /<td class="number"><span class="number-line"><a href="\/invoices\/\d+"[^>]*>12115118<\/a>/);
  });

  it('tells an AP clerk when the imported invoice went to a group they do not see, without a dead link', async () => {
    const user = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    const outsider = new Browserless(t.app.url);
    await outsider.signIn(user.email, user.password);
    await outsider.get('/invoices');
    const res = await followResult(outsider, await outsider.request('POST', '/invoices/uploads', { body: uploadForm(outsider.csrf, [{ name: 'elsewhere.xml', bytes: fixture('fatturapa-minimal.xml') }]) }));
    assert.equal(res.status, 200);
    assert.match(res.text, /elsewhere.xml<\/strong><span> — imported: invoice FT-7\/2024 \([^)]*\)<span class="upload-note"> (Went to document group [^<]*, which you are not in|It matched no document group \(Unassigned\), which you do not see)\. Visible to: [^<]*\.<\/span>/);
  });

  it('rejects a bad file with the reader\'s reason and keeps it for Needs attention', async () => {
    const res = await upload([{ name: 'order.txt', bytes: new Uint8Array(Buffer.from('hello, not an invoice')) }]);
    assert.equal(res.status, 200);
    assert.match(res.text, /order.txt<\/strong><span> — rejected: [A-Z][^<]*\. The file is kept for an AP Admin to look at \(Needs attention\)\.<\/span>/);
    const [doc] = await t.db.sql`select status from documents where filename = 'order.txt'`;
    assert.equal(doc!.status, 'quarantined');
  });

  it('takes several files at once and marks the possible duplicate, with htmx answering a fragment', async () => {
    const res = await upload(
      [
        { name: 'cii.xml', bytes: corpusFile(CII_SAME_INVOICE) },
        { name: 'fattura.xml', bytes: corpusFile(FATTURAPA_TWO_BODIES) },
        { name: 'broken.xml', bytes: new Uint8Array(Buffer.from('<Invoice')) },
      ],
      { htmx: true },
    );
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<html/);
    assert.match(res.text, /cii.xml<\/strong><span> — imported: <a href="\/invoices\/\d+">invoice 12115118<\/a> \([^)]*\) \(<a href="\/invoices\/\d+">possible duplicate<\/a>\)/);
    assert.match(res.text, /fattura.xml<\/strong><span> — imported 2 invoices \([^)]*\):<\/span><ul class="upload-invoices"><li><a[^>]*>invoice 3<\/a>[\s\S]*?<\/li><li><a[^>]*>invoice 4<\/a>/);
    assert.match(res.text, /broken.xml<\/strong><span> — rejected: /);
    assert.match(res.text, /<div id="invoice-results" hx-swap-oob="true">/);
    assert.equal(res.headers.get('vary'), 'HX-Request');
  });

  it('rejects a file over EINVOICE_MAX_BYTES with a clear sentence and does not store it', async () => {
    const big = new Uint8Array(MAX_BYTES + 1).fill(0x20);
    const res = await upload([{ name: 'huge.xml', bytes: big }]);
    assert.equal(res.status, 200);
    assert.match(res.text, /huge.xml<\/strong><span> — rejected: The file is 0.04 MB, over the 0.04 MB limit for e-invoices\. It was not stored\.<\/span>/);
    assert.equal((await t.db.sql`select 1 from documents where filename = 'huge.xml'`).length, 0);
  });

  it('refuses a request body over the upload limit with 413', async () => {
    const tooMuch = new Uint8Array(MAX_BYTES * 4 + 1024 * 1024 + 1).fill(0x20);
    const res = await upload([{ name: 'way-too-big.xml', bytes: tooMuch }]);
    assert.equal(res.status, 413);
    assert.match(res.text, /upload them a few at a time/);
  });

  it('asks for a file when none was chosen, next to the field', async () => {
    await clerk.get('/invoices');
    const form = new FormData();
    form.append('_csrf', clerk.csrf);
    form.append('files', new Blob([]), '');
    const res = await clerk.request('POST', '/invoices/uploads', { body: form });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="upload-files-error" class="error" role="alert">Choose one or more e-invoice files to upload\./);
  });

  it('answers an htmx upload without files with the form, the error next to the field', async () => {
    await clerk.get('/invoices');
    const form = new FormData();
    form.append('files', new Blob([]), '');
    const res = await clerk.request('POST', '/invoices/uploads', { body: form, headers: { 'hx-request': 'true', 'x-csrf-token': clerk.csrf } });
    assert.equal(res.status, 422);
    assert.equal(res.headers.get('hx-retarget'), '#upload-form');
    assert.equal(res.headers.get('hx-reswap'), 'outerHTML');
    assert.match(res.text, /^<form id="upload-form"[^]*id="upload-files-error" class="error" role="alert">Choose one or more e-invoice files to upload\./);
    assert.doesNotMatch(res.text, /<html/);
  });

  it('refuses an upload without the CSRF token', async () => {
    const before = (await t.db.sql`select count(*)::int as n from documents`)[0]!.n;
    const res = await upload([{ name: 'forged.xml', bytes: corpusFile(UBL_EXAMPLE) }], { csrf: null });
    assert.equal(res.status, 403);
    assert.equal((await t.db.sql`select count(*)::int as n from documents`)[0]!.n, before);
  });

  it('sends anonymous uploads to the login page', async () => {
    const anonymous = new Browserless(t.app.url);
    await anonymous.get('/login');
    const res = await anonymous.request('POST', '/invoices/uploads', { body: uploadForm(anonymous.csrf, [{ name: 'x.xml', bytes: corpusFile(UBL_EXAMPLE) }]) });
    assert.equal(res.status, 302);
    assert.match(res.location!, /^\/login/);
  });
});
