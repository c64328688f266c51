/*
 * REST API benchmark: GET /api/v1/invoices paging through N approved invoices (default
 * 100,000, among 20 % more in other statuses) with a bearer token, the real app over HTTP on
 * loopback, one client following `next` until it is null. Reports pages, invoices/s,
 * per-page latency (p50/p95/max) for limit=200 and limit=50, the first page of an
 * updatedSince query, and the process's RSS.
 *
 *   npx tsx bench/api.ts [--count 100000] [--database postgres://postgres@127.0.0.1:5432/postgres] [--keep]
 */
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from '../src/db/postgres';
import { createApp } from '../src/app';
import { createSql } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { makeDeps } from '../src/http/deps';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/ops/metrics';
import { createApiToken } from '../src/purchase-orders/api-tokens';
import { insertUser } from '../src/users/queries';
import { testConfig } from '../test/helpers/app';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const admin = postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = `apdesk_bench_api_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;
const sql = createSql(url.toString(), 10);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

try {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load average ${load()}`);
  await migrate(sql);
  await sql`set synchronous_commit = off`;
  const companies = await sql<{ id: number }[]>`
    insert into pagero_companies (pagero_company_id, name) select 'bench-' || n, 'Company ' || n from generate_series(1, 3) n returning id::int`;
  const [doc] = await sql<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
    values ('pagero', 'Pagero', 'bench.xml', 'application/xml', 9, 'x', convert_to('<Invoice/>', 'UTF8'), 'imported', 'bench') returning id::int`;
  const total = Math.round(count * 1.2);
  const seedStart = performance.now();
  // every 6th invoice is in another status, so the status filter has something to skip
  await sql`
    insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, due_date, currency, seller_name, seller_vat_id,
      buyer_name, tax_exclusive_amount, tax_amount, tax_inclusive_amount, payable_amount, company_id, inv_scanned_by, status, received_at, updated_at)
    select ${doc!.id}, n, 'ubl', 'invoice', 'INV-' || lpad(n::text, 7, '0'), date '2026-01-01' + (n % 300), date '2026-02-01' + (n % 300), 'EUR',
      'Supplier ' || (n % 997), 'IT' || lpad((n % 50000)::text, 11, '0'), 'Buyer SpA',
      ((n::bigint * 7919) % 1000000) / 100.0, ((n::bigint * 7919) % 1000000) / 100.0 * 0.22, ((n::bigint * 7919) % 1000000) / 100.0 * 1.22,
      ((n::bigint * 7919) % 1000000) / 100.0 * 1.22, ${companies[0]!.id} + n % 3, 'Pagero',
      case when n % 6 = 0 then 'in_review' else 'approved' end, now() - (${total} - n) * interval '10 seconds', now() - interval '1 day'
    from generate_series(1, ${total}) n`;
  await sql`analyze invoices`;
  const [{ approved }] = (await sql<{ approved: number }[]>`select count(*)::int as approved from invoices where status = 'approved'`) as unknown as [{ approved: number }];
  console.log(`seeded ${total.toLocaleString('en')} invoices (${approved.toLocaleString('en')} approved) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const userId = await insertUser(sql, { email: 'bench@apdesk.local', firstName: 'Bench', lastName: 'ERP', roles: ['ap_admin'], isUserAdmin: false, passwordHash: 'x' });
  const { token } = await createApiToken(sql, 'bench ERP', userId, ['invoices:read']);
  const deps = makeDeps(testConfig({ LOG_LEVEL: 'warn' }), sql, createLogger('warn'), createMetrics(sql));
  const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${token}` };

  const pageThrough = async (limit: number) => {
    const times: number[] = [];
    let seen = 0;
    let next: string | null = `/api/v1/invoices?status=approved&limit=${limit}`;
    const started = performance.now();
    while (next) {
      const t0 = performance.now();
      const res = await fetch(base + next, { headers });
      if (res.status !== 200) throw new Error(`${next}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { data: unknown[]; next: string | null };
      times.push(performance.now() - t0);
      seen += body.data.length;
      next = body.next;
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = [...times].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
    if (seen !== approved) throw new Error(`paged ${seen} invoices, expected ${approved}`);
    console.log(
      `limit=${limit}: ${seen.toLocaleString('en')} invoices in ${times.length} pages, ${seconds.toFixed(1)} s, ` +
        `${Math.round(seen / seconds).toLocaleString('en')} invoices/s; per page p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${sorted.at(-1)!.toFixed(1)} ms; ` +
        `RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB; load ${load()}`,
    );
  };
  await pageThrough(200); // warm-up pass is a real pass too: both are reported
  await pageThrough(200);
  await pageThrough(50);

  const since = new Date(Date.now() - 60_000).toISOString();
  await sql`update invoices set status = 'exported' where id in (select id from invoices where status = 'approved' order by id desc limit 100)`;
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/invoices?updatedSince=${encodeURIComponent(since)}&limit=200`, { headers });
  const body = (await res.json()) as { data: unknown[] };
  console.log(`updatedSince (100 changed of ${total.toLocaleString('en')}): ${body.data.length} invoices in ${(performance.now() - t0).toFixed(1)} ms`);
  await new Promise<void>((resolve) => server.close(() => resolve()));
} finally {
  await sql.end();
  if (!values.keep) await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}
