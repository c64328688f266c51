/* Invoices ready to export (real e-invoices, approved and coded) and a ZIP reader, for the export tests. */
import { Logger, runOnce } from 'graphile-worker';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { taskList } from '../../jobs/index';
import type { Sql } from '../../src/db/connection';
import type { AppContext } from '../helpers/app';
import { storeDocument } from '../../src/invoices/store';
import { makeCode } from '../coding/factory';
import { MAX_BYTES, uploadCorpusFile } from '../invoices/helpers';

export const EXAMPLE2 = 'ubl/ConnectingEurope-eInvoicing-EN16931__ubl-tc434-example2.xml';

/** Reads a ZIP's central directory: each entry's name and its (inflated) bytes. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a ZIP ends with its central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const method = zip.readUInt16LE(at + 10), size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28), extra = zip.readUInt16LE(at + 30), comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Codes every line of an invoice to one GL account; the first line split 60/40 over two cost centres. */
export async function codeInvoice(sql: Sql, invoiceId: number, companyId: number) {
  const gl = await makeCode(sql, 'gl_accounts', companyId, `4000-${invoiceId}`);
  const [ccA, ccB] = [await makeCode(sql, 'cost_centres', companyId, `CC-A-${invoiceId}`), await makeCode(sql, 'cost_centres', companyId, `CC-B-${invoiceId}`)];
  const lines = await sql<{ id: number; netAmount: string }[]>`select id::int, net_amount::text from invoice_lines where invoice_id = ${invoiceId} order by position`;
  for (const [n, line] of lines.entries()) {
    if (n === 0) {
      const [first] = await sql<{ a: string; b: string }[]>`select round(${line.netAmount}::numeric * 0.6, 2)::text as a, (${line.netAmount}::numeric - round(${line.netAmount}::numeric * 0.6, 2))::text as b`;
      await sql`insert into invoice_line_codings (invoice_line_id, position, amount, percent, gl_account_id, cost_centre_id, source) values
        (${line.id}, 1, ${first!.a}, 60, ${gl}, ${ccA}, 'manual'), (${line.id}, 2, ${first!.b}, 40, ${gl}, ${ccB}, 'manual')`;
    } else {
      await sql`insert into invoice_line_codings (invoice_line_id, position, amount, percent, gl_account_id, source) values (${line.id}, 1, ${line.netAmount}, 100, ${gl}, 'manual')`;
    }
  }
}

/** A real e-invoice of the corpus (or a fixture), of a company, approved and coded. */
export async function approvedInvoice(sql: Sql, companyId: number, source: string | Uint8Array): Promise<number> {
  const stored = typeof source === 'string'
    ? await uploadCorpusFile(sql, source, { companyId })
    : await storeDocument(sql, { source: 'upload', bytes: source, filename: 'with-attachments.xml', companyId }, { maxBytes: MAX_BYTES });
  const id = stored.invoiceIds[0]!;
  await sql`update invoices set company_id = ${companyId} where id = ${id}`;
  await codeInvoice(sql, id, companyId);
  await sql`update invoices set status = 'approved' where id = ${id}`; // coded first: an approved invoice's coding is frozen (approvals)
  return id;
}


/** Runs the queued export jobs (only those: the EN 16931 validation of the uploaded invoices is not this test's). */
export const runExportJobs = (t: AppContext) => {
  const all = taskList({ sql: t.db.sql, log: t.app.deps.log, config: t.app.config } as never);
  const mine = Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith('export_batches__')));
  return runOnce({ connectionString: t.db.url, taskList: mine, logger: new Logger(() => () => {}) });
};
