/*
 * Export batch benchmark: N approved invoices (default 10,000) of one company, each with a
 * distinct original (the corpus' UBL example 1 with its own number, ~21 KB, stored
 * zstd-compressed as the sync stores it), 6 lines of which the first is split over two
 * cost centres, and a 40 KB PDF attachment on every tenth. Then, one after the other in
 * this process: the scheduled batch is created, its CSV, ZIP and JSON are written through
 * the same streams the download and the SFTP delivery use (to a byte counter, the network
 * left out), and the batch is marked delivered (every invoice → Exported through the ERP
 * results path). Reports time, size and the process's peak RSS during each step (sampled
 * every 20 ms, plus the kernel's high-water mark).
 *
 *   node --expose-gc --max-semi-space-size=16 --heap-growing-percent=200 --import tsx bench/export.ts [--count 10000]
 *        [--database postgres://postgres@127.0.0.1:5432/postgres] [--keep] [--compare-json]
 * (--compare-json: the JSON written the former way, one invoice per call, and the chunked way, alternately)
 * (the memory flags are npm start's; --expose-gc lets each step start from a collected heap)
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { zstdCompressSync } from 'node:zlib';
import postgres from '../src/db/postgres';
import { createSql, type Sql } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { createScheduledBatch } from '../src/export/batches';
import { markDelivered } from '../src/export/delivery';
import { invoiceDetail } from '../src/api/invoice-json';
import { batchFile, type BatchFileKind } from '../src/export/files';
import { batchInvoiceChunks } from '../src/export/rows';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
    'compare-json': { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const admin = postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = `apdesk_bench_export_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;
const sql = createSql(url.toString(), 10);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Peak RSS while fn runs, sampled every 20 ms. */
async function measured<T>(label: string, fn: () => Promise<T>): Promise<T> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  let heapPeak = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  try {
    const result = await fn();
    sample();
    console.log(`${label.padEnd(34)} ${((performance.now() - started) / 1000).toFixed(2).padStart(7)} s   RSS ${mb(before)} → peak ${mb(peak)}, JS heap peak ${mb(heapPeak)}${typeof result === 'string' ? `   ${result}` : ''}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}

async function seed(db: Sql) {
  const template = readFileSync(new URL('../../shared/corpus/ubl/ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example1.xml', import.meta.url), 'utf8');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(40 * 1024)]);
  const [company] = await db<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values ('bench-export', 'Acme Italia S.r.l.') returning id::int`;
  const [gl] = await db<{ id: number }[]>`insert into gl_accounts (company_id, code, name) values (${company!.id}, '4000', 'Purchases') returning id::int`;
  const [ccA] = await db<{ id: number }[]>`insert into cost_centres (company_id, code, name) values (${company!.id}, 'CC-10', 'Operations') returning id::int`;
  const [ccB] = await db<{ id: number }[]>`insert into cost_centres (company_id, code, name) values (${company!.id}, 'CC-20', 'Sales') returning id::int`;
  await db`set synchronous_commit = off`;
  const CHUNK = 500;
  for (let from = 1; from <= count; from += CHUNK) {
    const ns = Array.from({ length: Math.min(CHUNK, count - from + 1) }, (_, i) => from + i);
    const xml = ns.map((n) => Buffer.from(template.replaceAll('12115118', `EXP-${String(n).padStart(6, '0')}`)));
    const rows = ns.map((n, i) => ({
      source: 'pagero', invScannedBy: 'Pagero', filename: `EXP-${String(n).padStart(6, '0')}.xml`, contentType: 'application/xml',
      sizeBytes: xml[i]!.length, sha256: 'bench', contentZstd: zstdCompressSync(xml[i]!), status: 'imported', readerVersion: 'bench',
    }));
    const docs = await db<{ id: number }[]>`
      insert into documents ${db(rows as Record<string, unknown>[] as never)}
      returning id::int`;
    await db`
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, due_date, currency, seller_name, seller_vat_id,
        buyer_name, buyer_reference, order_reference, line_net_amount, tax_exclusive_amount, tax_amount, tax_inclusive_amount, payable_amount,
        attachment_count, company_id, inv_scanned_by, status, received_at)
      select d, 0, 'ubl', 'invoice', 'EXP-' || lpad(n::text, 6, '0'), date '2026-01-01' + (n % 300), date '2026-02-01' + (n % 300), 'EUR',
        'Supplier ' || (n % 400), 'IT' || lpad((n % 400)::text, 11, '0'), 'Acme Italia S.r.l.', 'REF-' || (n % 50), 'PO-' || n,
        600.00, 600.00, 132.00, 732.00, 732.00, case when n % 10 = 0 then 1 else 0 end, ${company!.id}, 'Pagero', 'ready', now()
      from unnest(${docs.map((d) => d.id)}::bigint[], ${ns}::int[]) as t(d, n)`;
    await db`
      insert into invoice_lines (invoice_id, position, line_number, name, quantity, unit_code, unit_price, net_amount, tax_category, tax_rate, seller_item_id)
      select i.id, p, (p + 1)::text, 'Article ' || p, 1, 'C62', 100.00, 100.00, 'S', 22, 'SKU-' || p
      from invoices i cross join generate_series(0, 5) p where i.document_id = any(${docs.map((d) => d.id)}::bigint[])`;
    await db`
      insert into invoice_tax_breakdowns (invoice_id, position, category, rate, taxable_amount, tax_amount)
      select i.id, 0, 'S', 22, 600.00, 132.00 from invoices i where i.document_id = any(${docs.map((d) => d.id)}::bigint[])`;
    await db`
      insert into invoice_line_codings (invoice_line_id, position, amount, percent, gl_account_id, cost_centre_id, source)
      select l.id, s.part, case when l.position = 0 then 50.00 else 100.00 end, case when l.position = 0 then 50 else 100 end, ${gl!.id},
        case when s.part = 2 then ${ccB!.id}::bigint else ${ccA!.id}::bigint end, 'manual'
      from invoice_lines l join invoices i on i.id = l.invoice_id cross join generate_series(1, 2) s(part)
      where i.document_id = any(${docs.map((d) => d.id)}::bigint[]) and (s.part = 1 or l.position = 0)`;
    await db`
      insert into invoice_attachments (invoice_id, position, filename, mime_type, size_bytes, sha256, content)
      select i.id, 0, 'invoice.pdf', 'application/pdf', ${pdf.length}, 'bench', ${pdf}
      from invoices i where i.document_id = any(${docs.map((d) => d.id)}::bigint[]) and i.attachment_count > 0`;
  }
  // coded while Ready: an approved invoice's coding is frozen
  await db`update invoices set status = 'approved' where company_id = ${company!.id}`;
  await db`analyze`;
  return company!.id;
}

/** Writes one of the batch's files to a sink that only counts bytes. */
async function drain(db: Sql, batch: { id: number; companyId: number; columns: string[]; createdAt: Date }, kind: BatchFileKind) {
  let bytes = 0;
  await pipeline(batchFile(db, batch, kind), new Writable({ write(chunk: Buffer, _e, done) { bytes += chunk.length; done(); } }));
  return mb(bytes);
}

try {
  console.log(`export bench: ${count.toLocaleString('en')} invoices; ${cpus().length} × ${cpus()[0]?.model}, ${mb(totalmem())} RAM; load average before ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  await migrate(sql);
  const companyId = await measured('seed (SQL, not measured for RSS)', () => seed(sql).then(() => `${count} invoices`));
  void companyId;
  const [company] = await sql<{ id: number }[]>`select id::int from pagero_companies where pagero_company_id = 'bench-export'`;
  const created = await measured('create the batch', async () => {
    const b = await createScheduledBatch(sql, company!.id, `${company!.id}:bench`);
    return `${b?.invoiceCount} invoices`;
  });
  void created;
  const [batch] = await sql<{ id: number; companyId: number; columns: string[]; createdAt: Date }[]>`select id::int, company_id::int, columns, created_at from export_batches`;
  const [parts] = await sql<{ n: number }[]>`select count(*)::int as n from export_batch_invoices b join invoice_lines l on l.invoice_id = b.invoice_id join invoice_line_codings c on c.invoice_line_id = l.id where b.batch_id = ${batch!.id}`;
  await measured(`CSV (${parts!.n.toLocaleString('en')} rows)`, () => drain(sql, batch!, 'csv'));
  await measured('ZIP (originals + attachments)', () => drain(sql, batch!, 'zip'));
  await measured('JSON (the API invoice, a chunk at a time)', () => drain(sql, batch!, 'json'));
  if (values['compare-json']) {
    // The former JSON path (before 2026-12-03 11:00): one invoice per serializer call, 8 calls at a time. Run
    // alternately with the chunked file, twice each, so both see the same load on a shared machine.
    const former = async () => {
      let bytes = 0;
      for await (const headers of batchInvoiceChunks(sql, batch!.id)) {
        for (let i = 0; i < headers.length; i += 8) {
          for (const invoice of await Promise.all(headers.slice(i, i + 8).map((h) => invoiceDetail(sql, h.invoiceId)))) bytes += JSON.stringify(invoice).length + 2;
        }
      }
      return mb(bytes);
    };
    for (let round = 1; round <= 2; round++) {
      await measured(`JSON one at a time (former), ${round}`, former);
      await measured(`JSON a chunk at a time, ${round}`, () => drain(sql, batch!, 'json'));
    }
  }
  await measured('mark delivered (→ Exported)', async () => `${(await sql.begin((tx) => markDelivered(tx, batch!.id, { userId: null, to: 'bench' })))?.exported} Exported`);
  console.log(`process high-water RSS (kernel): ${mb(process.resourceUsage().maxRSS * 1024)}; load average after ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await sql.end({ timeout: 5 });
  if (!values.keep) await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.end();
}
