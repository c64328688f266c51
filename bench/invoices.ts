/*
 * My Invoices benchmark: N invoices of 20 lines (default 1,000,000) seeded in SQL into a
 * fresh database, then timed at the server — the real app over HTTP on loopback, signed in
 * as an AP Admin (sees everything) and as an AP Specialist of 3 of the 10 groups:
 * the first page with and without filters, a deep keyset page, searches, the invoice page
 * (p50/p95 over --requests requests each), and requests/second for /invoices at 32
 * concurrent connections with autocannon. Targets: p95 ≤ 50 ms for list pages, ≤ 30 ms
 * for the invoice page.
 *
 *   npx tsx bench/invoices.ts [--count 1000000] [--requests 200] [--database postgres://postgres@127.0.0.1:5432/postgres]
 *                             [--reuse apdesk_bench_invoices] [--keep]
 */
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from '../src/db/postgres';
import { createApp } from '../src/app';
import { hashPassword } from '../src/auth/passwords';
import { createSql } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { makeDeps } from '../src/http/deps';
import { encodeCursor } from '../src/invoices/sorts';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/ops/metrics';
import { insertUser } from '../src/users/queries';
import { testConfig } from '../test/helpers/app';
import { Browserless } from '../test/helpers/client';
import { seedInvoices } from './invoices/seed';

type AutocannonResult = { requests: { average: number; total: number }; latency: { p50: number; p97_5: number; p99: number }; non2xx: number; errors: number };
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '200' },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    reuse: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const requests = Number(values.requests);
const admin = postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = values.reuse ?? `apdesk_bench_${randomBytes(4).toString('hex')}`;
if (!values.reuse) await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;
const sql = createSql(url.toString(), 10);
const log = (line: string) => console.log(line);

try {
  await migrate(sql);
  if (!values.reuse) {
    log(`seeding ${count.toLocaleString('en')} invoices of 20 lines into ${dbName}`);
    const started = performance.now();
    await seedInvoices(sql, count, log);
    log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const [size] = await sql<{ invoices: number; lines: number }[]>`select (select count(*) from invoices)::int as invoices, (select count(*) from invoice_lines)::int as lines`;
  log(`${size!.invoices.toLocaleString('en')} invoices, ${size!.lines.toLocaleString('en')} lines`);

  const password = 'bench-password-123';
  const hash = await hashPassword(password);
  await sql`delete from users where email like 'bench-%@apdesk.local'`;
  await insertUser(sql, { email: 'bench-admin@apdesk.local', firstName: 'Bench', lastName: 'Admin', roles: ['ap_admin'], isUserAdmin: false, passwordHash: hash });
  const clerkId = await insertUser(sql, { email: 'bench-clerk@apdesk.local', firstName: 'Bench', lastName: 'Clerk', roles: ['ap_specialist'], isUserAdmin: false, passwordHash: hash });
  await sql`insert into document_group_members (group_id, user_id) select id, ${clerkId} from document_groups where priority <= 3`;

  const config = testConfig({ LOG_LEVEL: 'warn' });
  const deps = makeDeps(config, sql, createLogger('warn'), createMetrics(sql));
  const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminClient = new Browserless(base);
  await adminClient.signIn('bench-admin@apdesk.local', password);
  const clerkClient = new Browserless(base);
  await clerkClient.signIn('bench-clerk@apdesk.local', password);

  const [company] = await sql<{ id: number }[]>`select id::int from pagero_companies order by id limit 1`;
  const deep = await sql<{ value: string; id: number }[]>`
    select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as value, id::int from invoices
    where id in (select (random() * ${size!.invoices})::int + 1 from generate_series(1, 50))`;
  const deepSupplier = await sql<{ value: string; id: number }[]>`
    select coalesce(seller_name, '') as value, id::int from invoices where id in (select (random() * ${size!.invoices})::int + 1 from generate_series(1, 50))`;
  const ids = (await sql<{ id: number }[]>`select (random() * ${size!.invoices - 1})::int + 1 as id from generate_series(1, 500)`).map((r) => r.id);

  type Scenario = { name: string; target: number; who?: Browserless; paths: (i: number) => string; headers?: Record<string, string> };
  const pick = <T>(list: T[], i: number) => list[i % list.length]!;
  const scenarios: Scenario[] = [
    { name: 'first page, no filters (AP Admin)', target: 50, paths: () => '/invoices' },
    { name: 'first page, no filters (AP Specialist, 3 of 10 groups)', target: 50, who: clerkClient, paths: () => '/invoices' },
    { name: 'first page, status In review + company', target: 50, paths: () => `/invoices?status=in_review&company=${company!.id}` },
    { name: 'first page, SEK + total 100–5,000 + issued 2025', target: 50, paths: () => '/invoices?currency=SEK&amount_min=100&amount_max=5000&issued_from=2025-01-01&issued_to=2025-12-31' },
    { name: 'first page, flagged: possible duplicate', target: 50, paths: () => '/invoices?flagged=duplicate' },
    { name: 'first page, sorted by total (desc)', target: 50, paths: () => '/invoices?sort=total&dir=desc' },
    { name: 'first page, htmx fragment (filter form)', target: 50, paths: () => '/invoices?status=received', headers: { 'HX-Request': 'true', 'HX-Target': 'invoice-results' } },
    { name: 'deep keyset page (random position, newest first)', target: 50, paths: (i) => `/invoices?after=${encodeCursor(pick(deep, i))}` },
    { name: 'deep keyset page (random position, by supplier)', target: 50, paths: (i) => `/invoices?sort=supplier&dir=asc&after=${encodeCursor(pick(deepSupplier, i))}` },
    { name: 'search: supplier name "baltic steel"', target: 50, paths: () => '/invoices?q=baltic%20steel' },
    { name: 'search: invoice number "INV-0004242"', target: 50, paths: () => '/invoices?q=INV-0004242' },
    { name: 'search: VAT id fragment "00000012345"', target: 50, paths: () => '/invoices?q=00000012345' },
    { name: 'invoice page (random invoice, 20 lines)', target: 30, paths: (i) => `/invoices/${pick(ids, i)}` },
  ];

  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log('| request | p50 ms | p95 ms | max ms | target p95 |');
  log('| --- | --- | --- | --- | --- |');
  for (const s of scenarios) {
    const who = s.who ?? adminClient;
    for (let i = 0; i < 10; i++) await who.request('GET', s.paths(i), { headers: s.headers });
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      const res = await who.request('GET', s.paths(i), { headers: s.headers });
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`${s.name}: ${res.status} for ${s.paths(i)}`);
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    log(`| ${s.name} | ${percentile(times, 50).toFixed(1)} | ${p95.toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ≤ ${s.target} ${p95 <= s.target ? '✓' : '✗'} |`);
  }

  const cookie = `apdesk_session=${adminClient.cookie('apdesk_session')}`;
  const result = await autocannon({ url: `${base}/invoices`, connections: 32, duration: 20, headers: { cookie } });
  log(`\nautocannon /invoices, 32 connections, 20 s: ${result.requests.average.toFixed(1)} requests/s (${result.requests.total} requests, ` +
    `latency p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors})`);
  log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // requests autocannon left in flight finish before the database goes
  await new Promise<void>((resolve) => server.close(() => resolve()));
} finally {
  await sql.end();
  if (!values.keep && !values.reuse) await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.end();
}
