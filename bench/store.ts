/*
 * The sync's store step alone: N pre-generated 20-line Peppol invoices (the sandbox's bulk generator), read once,
 * then stored 50 at a time (all read first, then all stored, so each phase's CPU is its own) with storePageroDocuments, as the sync stores a chunk. Reports, per invoice, this process's
 * CPU for reading and for storing (serialising, postgres.js, socket writes, GC) and the CPU of the PostgreSQL backend
 * that ran the statements (/proc/<pid>/stat, local server only). No HTTP and no validation: a steadier A/B
 * measure of the store path than bench/sync.ts on a shared machine.
 *
 *   node --import tsx bench/store.ts [--count 5000] [--database postgres://postgres@127.0.0.1:5432/postgres]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { createSql } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import postgres from '../src/db/postgres';
import { readDocuments, storePageroDocuments, type DocumentInput } from '../src/invoices/store';
import { statisticsKeeper } from '../src/invoices/statistics';
import { generateBulkInvoices } from '../src/pagero-sandbox/seed-demo';
import { runMigrations, Logger as WorkerLogger } from 'graphile-worker';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const count = Number(values.count);
const CHUNK = 50;

const admin = postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = `apdesk_bench_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;
const sql = createSql(url.toString(), 1);
try {
  await migrate(sql);
  await runMigrations({ connectionString: url.toString(), logger: new WorkerLogger(() => () => {}) });
  const [company] = await sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values ('bench', 'Bench AB') returning id::int`;
  const generated = generateBulkInvoices({ company: { id: 'bench', name: 'Bench AB', vatNumber: 'SE556000000101', country: 'SE' }, count, lines: 20, prerender: true, referenceTime: Date.UTC(2026, 0, 1) });
  const inputs: DocumentInput[] = generated.map((doc) => {
    const bytes = (doc.targetDocument as () => Uint8Array)();
    return { source: 'pagero', bytes, filename: `${doc.id}.xml`, contentType: 'application/xml', pageroDocumentId: doc.id!, pageroMetadata: { id: doc.id, documentInfo: doc.documentInfo }, companyId: company!.id };
  });
  const limits = { maxBytes: 20 * 1024 * 1024 };
  const [{ pid }] = (await sql`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
  const stored = statisticsKeeper(sql);

  // Read everything first, then store everything: each phase's CPU (its garbage collection included) is its own.
  const readProfiler = process.env.BENCH_PROF ? await startProfiler() : null;
  let t = process.cpuUsage();
  const readings = readDocuments(inputs, limits);
  const readCpu = cpuMs(t);
  await readProfiler?.(`${process.env.BENCH_PROF}/read.cpuprofile`);
  const profiler = process.env.BENCH_PROF ? await startProfiler() : null;
  // BENCH_PG_PID_FILE: where to write the backend's pid (e.g. for `perf record -p`), then wait for BENCH_PG_WAIT ms.
  if (process.env.BENCH_PG_PID_FILE) {
    writeFileSync(process.env.BENCH_PG_PID_FILE, String(pid));
    await new Promise((r) => setTimeout(r, Number(process.env.BENCH_PG_WAIT ?? 1000)));
  }
  const pgAtStart = cpuSeconds(pid);
  const pgSystemAtStart = cpuSeconds(pid, 'system');
  const started = performance.now();
  t = process.cpuUsage();
  const storeStart = t;
  for (let i = 0; i < inputs.length; i += CHUNK) {
    await storePageroDocuments(sql, inputs.slice(i, i + CHUNK), limits, readings.slice(i, i + CHUNK));
    await stored(Math.min(CHUNK, inputs.length - i));
  }
  const storeCpu = cpuMs(t);
  const storeSplit = process.cpuUsage(storeStart);
  await profiler?.(`${process.env.BENCH_PROF}/store.cpuprofile`);
  const seconds = (performance.now() - started) / 1000;
  const pgCpu = (cpuSeconds(pid) - pgAtStart) * 1000;
  const pgSystemCpu = (cpuSeconds(pid, 'system') - pgSystemAtStart) * 1000;
  const [{ invoices }] = (await sql`select count(*)::int as invoices from invoices`) as unknown as [{ invoices: number }];
  console.log(JSON.stringify({
    date: new Date().toISOString(),
    invoices,
    seconds: Number(seconds.toFixed(1)),
    readCpuMsPerInvoice: Number((readCpu / invoices).toFixed(3)),
    storeCpuMsPerInvoice: Number((storeCpu / invoices).toFixed(3)),
    // of which in the kernel (socket writes: on loopback TCP the receiver's network stack runs in the sender's system call)
    storeSystemCpuMsPerInvoice: Number((storeSplit.system / 1000 / invoices).toFixed(3)),
    postgresCpuMsPerInvoice: Number((pgCpu / invoices).toFixed(3)),
    postgresSystemCpuMsPerInvoice: Number((pgSystemCpu / invoices).toFixed(3)),
    storePlusPostgresMsPerInvoice: Number(((storeCpu + pgCpu) / invoices).toFixed(3)),
  }));
} finally {
  await sql.end();
  await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.end();
}

/** BENCH_PROF=directory: CPU profiles of the read phase and of the store phase (read.cpuprofile, store.cpuprofile). */
async function startProfiler() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file: string) => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

function cpuSeconds(pid: number, only?: 'system'): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((only ? 0 : Number(fields[11])) + Number(fields[12])) / 100; // utime + stime, in ticks of 1/100 s
}
