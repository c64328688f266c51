/*
 * Where the import's PostgreSQL CPU goes, statement by statement: N sandbox-generated
 * twenty-line invoices (default 5,000) stored as the Pagero sync stores them
 * (storePageroDocuments, 50 documents per transaction) on one connection into a fresh
 * database; the backend's CPU time (/proc/<pid>/schedstat, nanoseconds) is read each time
 * a statement is sent, so the difference is the previous statement's cost. Local server only.
 * Prints the CPU per invoice of each statement kind and in total, and the statements per batch.
 *
 *   npx tsx bench/import-statements.ts [--count 5000] [--batch 50] [--keep-first 1000] [--keep]
 *
 * --keep-first N: the first N invoices are stored before measuring (so indexes are not empty).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runMigrations, Logger as WorkerLogger } from 'graphile-worker';
import postgres from '../src/db/postgres';
import { migrate } from '../src/db/migrate';
import { readDocuments, storePageroDocuments, type DocumentInput } from '../src/invoices/store';
import { generateBulkInvoices } from '../src/pagero-sandbox/seed-demo';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '5000' },
    batch: { type: 'string', default: '50' },
    'keep-first': { type: 'string', default: '1000' },
    keep: { type: 'boolean', default: false },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const count = Number(values.count);
const batch = Number(values.batch);
const warm = Number(values['keep-first']);

const admin = postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = `apdesk_bench_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;

let measuring = false;
let backendPid = 0;
let last: { text: string; ns: number } | null = null;
const byStatement = new Map<string, { ns: number; calls: number }>();
const backendNs = () => Number(readFileSync(`/proc/${backendPid}/schedstat`, 'utf8').split(' ')[0]);
const settle = () => {
  if (!last || !measuring) return;
  const now = backendNs();
  const entry = byStatement.get(last.text) ?? { ns: 0, calls: 0 };
  entry.ns += now - last.ns;
  entry.calls += 1;
  byStatement.set(last.text, entry);
  last = null;
};
const sql = postgres(url.toString(), {
  max: 1,
  // BENCH_EXPLAIN=<ms>: the plan of every statement slower than that (auto_explain, sent as a notice) goes to stderr
  onnotice: (notice) => process.env.BENCH_EXPLAIN && console.error(notice.message),
  transform: postgres.camel,
  debug: (_connection, text) => {
    if (!backendPid) return;
    settle();
    if (measuring) last = { text: text.replace(/\s+/g, ' ').trim().slice(0, 90), ns: backendNs() };
  },
});
await migrate(sql);
await runMigrations({ connectionString: url.toString(), logger: new WorkerLogger(() => () => {}) });
const [company] = await sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values ('bench', 'Bench AB') returning id::int`;
backendPid = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
if (process.env.BENCH_EXPLAIN) {
  await sql`load 'auto_explain'`;
  await sql`select set_config('auto_explain.log_min_duration', ${process.env.BENCH_EXPLAIN}, false), set_config('auto_explain.log_level', 'notice', false),
                   set_config('auto_explain.log_analyze', 'on', false), set_config('auto_explain.log_nested_statements', 'on', false)`;
}

const documents = generateBulkInvoices({ company: { id: 'bench', name: 'Bench AB', vatNumber: 'SE556000000101', country: 'SE' }, count: warm + count, lines: 20, prerender: true });
const inputs: DocumentInput[] = documents.map((d) => ({
  source: 'pagero', bytes: d.targetDocument(), filename: `${d.id}.xml`, contentType: 'application/xml',
  pageroDocumentId: d.id!, pageroMetadata: { id: d.id }, companyId: company!.id, fetchedByConnectionId: null,
}));
const limits = { maxBytes: 20 * 1024 * 1024 };
const readings = readDocuments(inputs, limits);

for (let i = 0; i < warm; i += batch) await storePageroDocuments(sql, inputs.slice(i, Math.min(i + batch, warm)), limits, readings.slice(i, Math.min(i + batch, warm)));
const started = backendNs();
measuring = true;
for (let i = warm; i < warm + count; i += batch) {
  const end = Math.min(i + batch, warm + count);
  await storePageroDocuments(sql, inputs.slice(i, end), limits, readings.slice(i, end));
}
await sql`select 1`; // settles the last statement (the commit)
measuring = false;
const total = backendNs() - started;
const batches = Math.ceil(count / batch);
const rows = [...byStatement.entries()].sort((a, b) => b[1].ns - a[1].ns);
console.log(`${new Date().toISOString()} load ${loadavg().map((l) => l.toFixed(2)).join(' ')} · ${count} invoices after ${warm}, ${batch} per transaction`);
console.log(`PostgreSQL CPU per invoice: ${(total / count / 1e6).toFixed(3)} ms; statements per batch: ${(rows.reduce((s, [, v]) => s + v.calls, 0) / batches).toFixed(1)}`);
for (const [text, { ns, calls }] of rows) console.log(`${(ns / count / 1e6).toFixed(3).padStart(7)} ms/inv ${String(Math.round(calls / batches * 10) / 10).padStart(5)}/batch  ${text}`);
// Custom plans are planned again at every execution (planner CPU); generic ones once per connection.
const plans = await sql<{ statement: string; genericPlans: number; customPlans: number }[]>`
  select statement, generic_plans::int, custom_plans::int from pg_prepared_statements where custom_plans > generic_plans order by custom_plans desc`;
for (const p of plans) console.log(`custom plans ${p.customPlans}, generic ${p.genericPlans}: ${p.statement.replace(/\s+/g, ' ').trim().slice(0, 100)}`);
await sql.end();
if (values.keep) console.log(`kept ${dbName}`);
else await admin.unsafe(`drop database ${dbName} with (force)`);
await admin.end();
