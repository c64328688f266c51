/*
 * Sync benchmark: a sandbox company with N waiting 20-line Peppol invoices (default 50,000),
 * imported end to end (list, download, read, store, acknowledge) by worker processes
 * (APDESK_ROLE=worker, default 1) against a fresh database. Reports invoices/s and each
 * worker's peak resident memory (VmHWM).
 *
 *   npx tsx bench/sync.ts [--count 50000] [--workers 1] [--companies 1] [--database postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 *
 * --keep leaves the database in place (its name goes to stderr) for a look at its tables afterwards.
 *
 * --companies N spreads the invoices over N companies of the same Pagero user: a company is
 * synced by one worker at a time, so a second worker only helps with a second company.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from '../src/db/postgres';
import { createSql } from '../src/db/connection';
import { freePort } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { createLogger } from '../src/logger';
import { saveConnection } from '../src/pagero/connections';
import { pageroOAuth } from '../src/pagero/oauth';
import { tokenCipher } from '../src/pagero/token-crypto';
import { startSandbox } from '../src/pagero-sandbox/start';
import { enqueueCompanySync } from '../src/sync/enqueue';
import { runMigrations, Logger as WorkerLogger } from 'graphile-worker';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '50000' },
    workers: { type: 'string', default: '1' },
    companies: { type: 'string', default: '1' },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const workers = Number(values.workers);
const companyCount = Number(values.companies);
const KEY = randomBytes(32).toString('hex');
const SECRET = randomBytes(32).toString('base64url');

const admin = postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = `apdesk_bench_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;
const sql = createSql(url.toString(), 1);
await migrate(sql);
await sql`set application_name = 'bench'`; // its polling shows apart from the workers' statements
await runMigrations({ connectionString: url.toString(), logger: new WorkerLogger(() => () => {}) });

const sandbox = await startSandbox({
  clients: [{ clientId: 'bench', clientSecret: 'bench-secret', redirectUris: ['http://127.0.0.1/cb'], allowedScopes: ['all'], name: 'bench' }],
});
const sim = (path: string, body: unknown) =>
  fetch(`${sandbox.url}/_sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
const pageroCompanyIds: string[] = [];
for (let i = 0; i < companyCount; i++) {
  const { companies } = (await sim('/companies', { name: `Bench ${i + 1} AB`, vatNumber: `SE5560000${String(i + 1).padStart(3, '0')}01`, country: 'SE' })) as { companies: { id: string }[] };
  pageroCompanyIds.push(companies[0]!.id);
}
await sim('/users', { username: 'bench', password: 'bench', companies: pageroCompanyIds });
for (const [i, id] of pageroCompanyIds.entries()) {
  const share = Math.floor(count / companyCount) + (i < count % companyCount ? 1 : 0);
  await sim('/documents/generate', { companyId: id, count: share, lines: 20, prerender: true, seed: i + 1 });
}

const settings = { authUrl: `${sandbox.url}/oauth/v2`, apiUrl: sandbox.url, clientId: 'bench', clientSecret: 'bench-secret', redirectUri: 'http://127.0.0.1/cb', scopes: ['all'], sandbox: false };
const tokenResponse = (await (
  await fetch(`${settings.authUrl}/oauth-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('bench:bench-secret').toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'password', username: 'bench', password: 'bench' }),
  })
).json()) as { access_token: string; refresh_token: string; expires_in: number };
void pageroOAuth;
const [user] = await sql<{ id: number }[]>`insert into users (email, first_name, last_name, password_hash) values ('bench@example.test', 'Bench', 'User', 'x') returning id::int`;
const connectionId = await saveConnection(sql, tokenCipher(Buffer.from(KEY, 'hex')), user!.id, {
  accessToken: tokenResponse.access_token,
  refreshToken: tokenResponse.refresh_token,
  accessExpiresAt: new Date(Date.now() + tokenResponse.expires_in * 1000),
  scope: null,
});
const companyIds: number[] = [];
for (const [i, id] of pageroCompanyIds.entries()) {
  const [company] = await sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name) values (${id}, ${`Bench ${i + 1} AB`}) returning id::int`;
  await sql`insert into pagero_connection_companies (connection_id, company_id) values (${connectionId}, ${company!.id})`;
  companyIds.push(company!.id);
}

const env = {
  ...process.env,
  APDESK_ROLE: 'worker',
  DATABASE_URL: url.toString(),
  SESSION_SECRET: SECRET,
  TOKEN_ENCRYPTION_KEY: KEY,
  PAGERO_AUTH_URL: settings.authUrl,
  PAGERO_API_URL: settings.apiUrl,
  PAGERO_CLIENT_ID: 'bench',
  PAGERO_CLIENT_SECRET: 'bench-secret',
  LOG_LEVEL: 'warn',
  SYNC_INTERVAL: '60',
};
// Workers start as `npm start` starts apdesk (its Node flags included).
const startArgs = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);
// BENCH_PROF=1 writes a CPU profile per worker to /tmp/prof; BENCH_WORKER_ARGS adds Node flags (e.g. --trace-gc), after
// npm start's own, so that one given again wins.
const workerNodeArgs = [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), ...(process.env.BENCH_WORKER_ARGS?.split(' ').filter(Boolean) ?? [])];
const [{ walAtStart }] = (await sql`select pg_current_wal_insert_lsn()::text as wal_at_start`) as unknown as [{ walAtStart: string }];
const started = performance.now();
const benchCpuAtStart = process.cpuUsage();
for (const id of companyIds) await enqueueCompanySync(sql, id, 'manual');
const procs = await Promise.all(
  Array.from({ length: workers }, async () =>
    spawn(process.execPath, [...startArgs.slice(0, -1), ...workerNodeArgs, ...startArgs.slice(-1)], { env: { ...env, PORT: String(await freePort()) }, stdio: ['ignore', 'inherit', 'inherit'] }),
  ),
);
const peakRss = new Map<number, number>();
for (;;) {
  await new Promise((r) => setTimeout(r, 500));
  for (const p of procs) {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1] ?? 0);
      peakRss.set(p.pid!, kb);
    } catch {}
  }
  const [{ n }] = (await sql`select count(*)::int as n from documents`) as unknown as [{ n: number }];
  if (n >= count) break;
}
const seconds = (performance.now() - started) / 1000;
// WAL written by the whole server meanwhile (nothing else should be running): every byte is CPU in the backends.
const [{ walBytes }] = (await sql`select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ${walAtStart}::pg_lsn)::float8 as wal_bytes`) as unknown as [{ walBytes: number }];
// CPU spent by each worker and by the PostgreSQL backends serving this database (local server only).
const workerCpu = procs.map((p) => cpuSeconds(p.pid!));
const workerSystemCpu = procs.map((p) => cpuSeconds(p.pid!, 'system'));
// The same per thread name: the main thread reads and stores, "V8 …" threads collect garbage, "libuv-worker"s do
// file and crypto work. The EN 16931 validation runs in child processes of each worker (src/validation/pool.ts).
const workerThreadCpu = procs.map((p) => threadCpuSeconds(p.pid!));
const validationCpu = procs.map((p) => childrenOf(p.pid!).reduce((sum, child) => sum + cpuSeconds(child), 0));
const backends = await sql<{ pid: number; kind: string }[]>`
  select pid, coalesce(nullif(application_name, ''), backend_type) as kind from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
const postgresCpu = backends.reduce((sum, b) => sum + cpuSeconds(b.pid), 0);
// The same per application name (apdesk's pools say "apdesk"), so a change can be traced to the statements behind it.
const postgresCpuByKind: Record<string, number> = {};
for (const b of backends) postgresCpuByKind[b.kind] = (postgresCpuByKind[b.kind] ?? 0) + cpuSeconds(b.pid);
// This process serves the sandbox (lists, downloads, acknowledgements) and polls the count: the third user of the cores.
const benchCpu = process.cpuUsage(benchCpuAtStart);
for (const p of procs) p.kill('SIGTERM');
await Promise.all(procs.map((p) => new Promise((r) => p.once('exit', r))));
const [{ invoices, lines, validated, databaseKb, documentsKb }] = (await sql`
  select count(*)::int as invoices, (select count(*)::int from invoice_lines) as lines,
         (select count(*)::int from invoice_validations where state <> 'pending') as validated,
         (pg_database_size(current_database()) / 1024)::int as database_kb, (pg_total_relation_size('documents') / 1024)::int as documents_kb
  from invoices`) as unknown as [{ invoices: number; lines: number; validated: number; databaseKb: number; documentsKb: number }];
console.log(JSON.stringify({
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  node: process.version,
  invoices,
  lines,
  // EN 16931 validation (invoices__validate jobs) runs in child processes of the workers, at nice 19
  validatedWhenImported: validated,
  databaseMb: Math.round(databaseKb / 1024),
  documentsTableMb: Math.round(documentsKb / 1024),
  workers,
  companies: companyCount,
  seconds: Number(seconds.toFixed(1)),
  invoicesPerSecond: Math.round(invoices / seconds),
  peakRssMb: [...peakRss.values()].map((kb) => Math.round(kb / 1024)),
  workerCpuMsPerInvoice: workerCpu.map((s) => Number(((s * 1000) / invoices).toFixed(2))),
  // of which in the kernel (socket writes to PostgreSQL and the sandbox, reads)
  workerSystemCpuMsPerInvoice: workerSystemCpu.map((s) => Number(((s * 1000) / invoices).toFixed(2))),
  workerThreadCpuMsPerInvoice: workerThreadCpu.map((byName) => Object.fromEntries(Object.entries(byName).map(([name, s]) => [name, Number(((s * 1000) / invoices).toFixed(2))]))),
  // CPU of the validation processes (at nice 19) so far, divided by every imported invoice, validated or not
  validationCpuMsPerInvoice: validationCpu.map((s) => Number(((s * 1000) / invoices).toFixed(2))),
  postgresCpuMsPerInvoice: Number(((postgresCpu * 1000) / invoices).toFixed(2)),
  postgresCpuMsPerInvoiceByApplication: Object.fromEntries(Object.entries(postgresCpuByKind).map(([kind, s]) => [kind, Number(((s * 1000) / invoices).toFixed(2))])),
  sandboxCpuMsPerInvoice: Number(((benchCpu.user + benchCpu.system) / 1000 / invoices).toFixed(2)),
  walKbPerInvoice: Number((walBytes / 1024 / invoices).toFixed(1)),
}));
await sql.end();
await sandbox.close();
if (values.keep) console.error(`kept database ${dbName}`);
else await admin.unsafe(`drop database ${dbName} with (force)`);
await admin.end();
void createLogger;

function threadCpuSeconds(pid: number): Record<string, number> {
  const byName: Record<string, number> = {};
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = Number(tid) === pid ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
      byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
    }
  } catch {}
  return byName;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function cpuSeconds(pid: number, only?: 'system'): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((only ? 0 : Number(fields[11])) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}
