/*
 * My Invoices under load, per request: the CPU one request costs the web process and the
 * PostgreSQL backends (/proc/<pid>/stat), for the request kinds of bench/load.ts (the first
 * page, a filter, a search, the next page, an invoice, coding a line), as an AP Admin and as
 * an AP Specialist in one company's Document Group, on a database shaped like load.ts's after
 * its import (bench/pages/seed.ts: N companies × M Received twenty-line invoices). Requests are
 * sequential, so CPU per request is what one request costs whatever else runs on the machine.
 *
 *   node --import tsx bench/pages.ts [--companies 5] [--invoices 10000] [--requests 100]
 *        [--database postgres://postgres@127.0.0.1:5432/postgres] [--reuse NAME] [--keep] [--blocks]
 *        [--only KIND] [--cpu-prof DIR] [--concurrency N]
 *
 * --blocks seeds each company's invoices as one block of time (as a real first import leaves them)
 * instead of interleaved; a clerk's list then cannot find her rows early in invoices_newest_idx.
 * --cpu-prof writes a V8 CPU profile of the web process into DIR when it stops.
 * --concurrency N sends each row's requests from N clients of the same user at once, to see what
 * concurrency alone adds to the CPU of a request (p50/p95 are then per request under that load).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createSession } from '../src/auth/sessions';
import { startCluster } from '../src/cluster/supervisor';
import { createSql } from '../src/db/connection';
import { freePort } from '../src/db/embedded';
import { migrate } from '../src/db/migrate';
import { createLogger } from '../src/logger';
import { insertUser } from '../src/users/queries';
import { Browserless } from '../test/helpers/client';
import { seedLoadShape } from './pages/seed';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '5' },
    invoices: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '100' },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    reuse: { type: 'string' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    blocks: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    concurrency: { type: 'string', default: '1' },
  },
});
const companies = Number(values.companies);
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const admin = createSql(values.database!, 1);
const dbName = values.reuse ?? `apdesk_pages_${randomBytes(4).toString('hex')}`;
if (!values.reuse) await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;
const sql = createSql(url.toString(), 2);
const log = (line: string) => console.log(line);
const dataDir = `/tmp/apdesk-pages-${process.pid}`;
mkdirSync(dataDir, { recursive: true });
let cluster: Awaited<ReturnType<typeof startCluster>> | null = null;

try {
  await migrate(sql);
  if (!values.reuse) {
    log(`seeding ${companies} × ${Number(values.invoices).toLocaleString('en')} invoices into ${dbName}${values.blocks ? ', each company one block of time' : ''}`);
    await seedLoadShape(sql, companies, Number(values.invoices), log, values.blocks);
  }
  const [group] = await sql<{ id: number }[]>`select id::int from document_groups where name = 'Bulk 1'`;
  await sql`delete from users where email like 'pages-%@example.test'`;
  const adminId = await insertUser(sql, { email: 'pages-admin@example.test', firstName: 'Pages', lastName: 'Admin', roles: ['ap_admin'], isUserAdmin: true, passwordHash: 'x' });
  const clerkId = await insertUser(sql, { email: 'pages-clerk@example.test', firstName: 'Pages', lastName: 'Clerk', roles: ['ap_specialist'], isUserAdmin: false, passwordHash: 'x' });
  await sql`insert into document_group_members (group_id, user_id) values (${group!.id}, ${clerkId})`;

  cluster = await startCluster({
    web: 1,
    worker: 0,
    basePort: 0,
    sandboxPort: await freePort(),
    env: { ...process.env, DATABASE_URL: url.toString(), SESSION_SECRET: randomBytes(32).toString('base64url'), TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', DATA_DIR: dataDir },
    log: createLogger('warn'),
    restart: false,
    output: () => {},
    webNodeArgs: values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : [],
  });
  await cluster.ready();
  const web = cluster.webs[0]!;
  const clientOf = async (userId: number) => {
    const client = new Browserless(web.url);
    client.setCookie('apdesk_session', (await createSession(sql, userId, { userAgent: 'bench/pages.ts' })).token);
    return client;
  };
  const clientsOf = async (userId: number) => Promise.all(Array.from({ length: concurrency }, () => clientOf(userId)));
  const who = { 'AP Admin': await clientsOf(adminId), 'AP Specialist': await clientsOf(clerkId) };

  const cpuSeconds = (pid: number) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  };
  const cpu = async () => {
    const backends = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and application_name <> 'bench'`;
    return { web: cpuSeconds(web.child.pid!), postgres: backends.reduce((s, b) => s + cpuSeconds(b.pid), 0) };
  };

  await sql`set application_name = 'bench'`;
  // (our pool has 2 connections; both get the name on first use)
  await Promise.all([sql`set application_name = 'bench'`, sql`set application_name = 'bench'`]);

  type State = { ids: number[]; next: string | null };
  const remember = (state: State, text: string) => {
    const ids = [...text.matchAll(/href="\/invoices\/(\d+)(?:\?[^"]*)?"/g)].map((m) => Number(m[1]));
    if (ids.length) state.ids = [...new Set(ids)];
    state.next = /after=([^"&]+)"[^>]*rel="next"/.exec(text)?.[1] ?? null;
  };
  const kinds: Record<string, (c: Browserless, s: State, i: number) => Promise<number>> = {
    'My Invoices, first page': async (c, s) => {
      const r = await c.get('/invoices');
      remember(s, r.text);
      return r.status;
    },
    // "AB" is too short a supplier search (SEARCH_MIN): the page is the Received tab, with the error
    'filter: Received + supplier "AB"': async (c) => (await c.get('/invoices?status=received&supplier=AB')).status,
    'filter: Received + supplier "GmbH"': async (c) => (await c.get('/invoices?status=received&supplier=GmbH')).status,
    'search: invoice number': async (c, _s, i) => (await c.get(`/invoices?q=BULK-1-000${10 + (i % 90)}`)).status,
    'next page': async (c, s) => {
      const r = await c.get(s.next ? `/invoices?after=${s.next}` : '/invoices');
      remember(s, r.text);
      if (!s.next) remember(s, (await c.get('/invoices')).text);
      return r.status;
    },
    'invoice page': async (c, s, i) => (await c.get(`/invoices/${s.ids[i % s.ids.length]}`)).status,
    'invoice page + code a line': async (c, s, i) => {
      const id = s.ids[i % s.ids.length];
      const page = await c.get(`/invoices/${id}`);
      const lineId = /\/coding\/lines\/(\d+)(?=["?&])/.exec(page.text)?.[1];
      return (await c.post(`/invoices/${id}/coding/lines/${lineId}`, { glAccount: '4000', costCentre: '', taxCode: '' })).status;
    },
  };
  const size = await sql<{ n: number }[]>`select count(*)::int as n from invoices`;
  log(`\n${size[0]!.n.toLocaleString('en')} invoices; machine: ${cpus().length} × ${cpus()[0]?.model}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${new Date().toISOString()}`);
  log('| request | user | web CPU ms | PostgreSQL CPU ms | p50 ms | p95 ms |');
  log('| --- | --- | --- | --- | --- | --- |');
  for (const [kind, run] of Object.entries(kinds)) {
    if (values.only && !kind.includes(values.only)) continue;
    for (const [name, clients] of Object.entries(who)) {
      const states: State[] = clients.map(() => ({ ids: [], next: null }));
      await Promise.all(clients.map(async (client, c) => {
        remember(states[c]!, (await client.get('/invoices')).text);
        for (let i = 0; i < 5; i++) await run(client, states[c]!, i);
      }));
      const times: number[] = [];
      const before = await cpu();
      await Promise.all(clients.map(async (client, c) => {
        for (let i = c; i < requests; i += concurrency) {
          const t0 = performance.now();
          const status = await run(client, states[c]!, i);
          times.push(performance.now() - t0);
          if (status >= 400) throw new Error(`${kind} (${name}) answered ${status}`);
        }
      }));
      const after = await cpu();
      times.sort((a, b) => a - b);
      const q = (f: number) => times[Math.min(times.length - 1, Math.floor(f * times.length))]!.toFixed(0);
      const per = (k: 'web' | 'postgres') => (((after[k] - before[k]) * 1000) / requests).toFixed(1);
      log(`| ${kind} | ${name} | ${per('web')} | ${per('postgres')} | ${q(0.5)} | ${q(0.95)} |`);
    }
  }
  log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await cluster?.stop();
  await sql.end({ timeout: 5 });
  if (!values.keep && !values.reuse) await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
