import { parse } from 'csv-parse/sync';
import * as v from 'valibot';
import { InvoiceDetail } from '../../src/api/schemas';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { add, compare } from '../../src/einvoice/decimal';
import { useTestApp } from '../helpers/app';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { makeCompany } from '../coding/factory';
import { fixture, uploadCorpusFile, UBL_EXAMPLE } from '../invoices/helpers';
import { approvedInvoice, EXAMPLE2, unzip } from './helpers';

const sumBy = (rows: Record<string, string>[], key: string) => rows.reduce((s, r) => add(s, r[key]!), '0');

describe('Export batches', () => {
  const t = useTestApp({ ALLOW_PRIVATE_TARGETS: 'true' });
  let accountant: Browserless;
  let clerk: Browserless;
  let company: number;
  let ids: number[];
  let received: number;
  before(async () => {
    const fa = await makeUser(t.db.sql, { roles: ['financial_accounting'] });
    const specialist = await makeUser(t.db.sql, { roles: ['ap_specialist'] });
    accountant = new Browserless(t.app.url);
    await accountant.signIn(fa.email, fa.password);
    clerk = new Browserless(t.app.url);
    await clerk.signIn(specialist.email, specialist.password);
    company = await makeCompany(t.db.sql, 'Acme Italia');
    ids = [await approvedInvoice(t.db.sql, company, UBL_EXAMPLE), await approvedInvoice(t.db.sql, company, EXAMPLE2), await approvedInvoice(t.db.sql, company, fixture('ubl-with-fatturapa.xml'))];
    received = (await uploadCorpusFile(t.db.sql, UBL_EXAMPLE, { companyId: company })).invoiceIds[0]!;
  });

  it('exports the selected approved invoices from My Invoices into a batch, leaving out the rest with the reason', async () => {
    await accountant.get('/invoices');
    const res = await accountant.post('/export-batches', { ids: [...ids, received].map(String), reason: '' });
    assert.equal(res.status, 200, res.text.slice(-2000));
    assert.match(res.text, /Batch \d+<\/a>: 3 invoices of Acme Italia/);
    assert.match(res.text, /Received invoices are not exported; approve it first/);
    const [batch] = await t.db.sql<{ id: number; invoiceCount: number; status: string }[]>`select id::int, invoice_count, status from export_batches`;
    assert.deepEqual([batch!.invoiceCount, batch!.status], [3, 'ready']);
  });

  it('never takes an invoice into a second batch without a reason, and records the reason when given', async () => {
    await accountant.get('/invoices');
    const again = await accountant.post('/export-batches', { ids: [String(ids[0])], reason: '' });
    assert.equal(again.status, 409);
    assert.match(again.text, /it is in export batch \d+ already; give a reason to export it again/);
    const withReason = await accountant.post('/export-batches', { ids: [String(ids[0])], reason: 'The ERP lost the first file' });
    assert.equal(withReason.status, 303);
    const page = await accountant.get(withReason.location!);
    assert.match(page.text, /The ERP lost the first file/);
    const memberships = await t.db.sql<{ reexportReason: string | null }[]>`select reexport_reason from export_batch_invoices where invoice_id = ${ids[0]!} order by batch_id`;
    assert.deepEqual(memberships.map((m) => m.reexportReason), [null, 'The ERP lost the first file']);
    await assert.rejects(t.db.sql`insert into export_batch_invoices (batch_id, invoice_id) select max(id), ${ids[0]!} from export_batches`, /export_batch_invoices_once|duplicate key/);
  });

  it('writes a CSV, read back with csv-parse, whose parts add up to every invoice', async () => {
    const [batch] = await t.db.sql<{ id: number }[]>`select min(id)::int as id from export_batches`;
    const res = await fetch(`${t.app.url}/export-batches/${batch!.id}/files/apdesk-batch-${batch!.id}.csv`, { headers: { cookie: `apdesk_session=${accountant.cookie('apdesk_session')}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    const rows = parse(Buffer.from(await res.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]!).slice(0, 4), ['company', 'supplier', 'supplier_vat_id', 'invoice_number']);
    const invoices = await t.db.sql<{ id: number; lineNetAmount: string; taxAmount: string; lines: number }[]>`
      select id::int, line_net_amount::text, tax_amount::text, (select count(*)::int from invoice_lines l where l.invoice_id = i.id) as lines
      from invoices i where id = any(${ids}::bigint[]) order by id`;
    for (const inv of invoices) {
      const mine = rows.filter((r) => r.apdesk_invoice_id === String(inv.id));
      assert.equal(mine.length, inv.lines + 1, 'one row per line, two for the split first line');
      assert.equal(compare(sumBy(mine, 'net'), inv.lineNetAmount), 0, `net of ${inv.id}`);
      assert.equal(compare(sumBy(mine, 'tax'), inv.taxAmount), 0, `tax of ${inv.id}`);
      assert.equal(compare(sumBy(mine, 'gross'), add(inv.lineNetAmount, inv.taxAmount)), 0, `gross of ${inv.id}`);
      for (const r of mine) assert.equal(compare(add(r.net!, r.tax!), r.gross!), 0);
      assert.ok(mine.every((r) => r.company === 'Acme Italia' && r.gl_account === `4000-${inv.id}`));
    }
    assert.deepEqual(rows.filter((r) => r.apdesk_invoice_id === String(ids[0]) && r.line_number === '1').map((r) => r.cost_centre), [`CC-A-${ids[0]}`, `CC-B-${ids[0]}`]);
  });

  it('writes the JSON file with the API invoice schema and a ZIP of the originals and attachments', async () => {
    const [batch] = await t.db.sql<{ id: number }[]>`select min(id)::int as id from export_batches`;
    const json = JSON.parse((await accountant.get(`/export-batches/${batch!.id}/files/apdesk-batch-${batch!.id}.json`)).text);
    assert.equal(json.batch.id, batch!.id);
    assert.deepEqual(json.invoices.map((i: { id: number }) => i.id), ids);
    for (const invoice of json.invoices) assert.ok(v.safeParse(InvoiceDetail, invoice).success, 'each invoice as the API documents it');
    const first = json.invoices[0];
    assert.equal(first.totals.payable, '250.33');
    assert.equal(first.lines[0].coding.length, 2);
    assert.equal(typeof first.lines[0].coding[0].amount, 'string');
    assert.match(first.original.href, new RegExp(`/api/v1/invoices/${ids[0]}/original$`));
    const res = await fetch(`${t.app.url}/export-batches/${batch!.id}/files/apdesk-batch-${batch!.id}.zip`, { headers: { cookie: `apdesk_session=${accountant.cookie('apdesk_session')}` } });
    assert.equal(res.headers.get('content-type'), 'application/zip');
    const entries = unzip(Buffer.from(await res.arrayBuffer()));
    const attachments = await t.db.sql<{ id: number; invoiceId: number; filename: string; content: Buffer }[]>`
      select id::int, invoice_id::int, filename, content from invoice_attachments where invoice_id = any(${ids}::bigint[]) order by id`;
    assert.ok(attachments.length >= 3);
    assert.deepEqual([...entries.keys()].sort(), [
      `originals/${ids[0]}-ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example1.xml`,
      `originals/${ids[1]}-ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example2.xml`,
      `originals/${ids[2]}-with-attachments.xml`,
      ...attachments.map((a) => `attachments/${a.invoiceId}/${a.id}-${a.filename}`),
    ].sort());
    assert.deepEqual(entries.get(`originals/${ids[2]}-with-attachments.xml`), Buffer.from(fixture('ubl-with-fatturapa.xml')));
    const hours = attachments.find((a) => a.filename === 'hours.csv')!;
    assert.deepEqual(entries.get(`attachments/${ids[2]}/${hours.id}-hours.csv`), Buffer.from(hours.content));
  });

  it('marks a downloaded batch delivered, which makes its invoices Exported by the batch', async () => {
    const [batch] = await t.db.sql<{ id: number }[]>`select min(id)::int as id from export_batches`;
    await accountant.get(`/export-batches/${batch!.id}`);
    const res = await accountant.post(`/export-batches/${batch!.id}/delivery`, {});
    assert.equal(res.status, 303);
    assert.match((await accountant.get(res.location!)).text, /Batch \d+ is delivered: 3 invoices Exported/);
    const statuses = await t.db.sql<{ status: string }[]>`select status from invoices where id = any(${ids}::bigint[])`;
    assert.deepEqual(statuses.map((s) => s.status), ['exported', 'exported', 'exported']);
    const [event] = await t.db.sql<{ actorLabel: string }[]>`select actor_label from invoice_events where invoice_id = ${ids[1]!} and to_status = 'exported'`;
    assert.equal(event!.actorLabel, `Export batch ${batch!.id}`);
  });

  it('keeps export batches from those who may not export', async () => {
    assert.equal((await clerk.get('/export-batches')).status, 403);
    assert.equal((await clerk.get('/export-batches/1/files/apdesk-batch-1.csv')).status, 403);
    await clerk.get('/invoices');
    assert.equal((await clerk.post('/export-batches', { ids: [String(ids[0])] })).status, 403);
    assert.doesNotMatch((await clerk.get('/invoices')).text, /Export selected/);
    assert.match((await accountant.get('/invoices')).text, /formaction="\/export-batches"/);
  });
});
