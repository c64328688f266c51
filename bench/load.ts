/*
 * Load while syncing (issue 19): 2 web and 2 worker processes (src/cluster), the sandbox with
 * 5 companies × 10,000 waiting twenty-line invoices, and 50 signed-in users (an AP Admin and
 * AP Specialists in one Document Group per company) spread over both web processes, opening
 * My Invoices, filtering, searching, paging, opening invoices and coding a line, each with a
 * think time, while the workers import everything; then right after the import; then, once the job
 * queue (the import's validation) is empty — or, when it is not after --drain-minutes, with the workers stopped —
 * on the idle system, with web and PostgreSQL CPU per request.
 *
 *   node --import tsx bench/load.ts [--companies 5] [--invoices 10000] [--users 50] [--web 2] [--worker 2]
 *        [--think-ms 1000] [--idle-seconds 60] [--drain-minutes 2] [--faults] [--embedded]
 *        [--database postgres://postgres@127.0.0.1:5432/postgres]
 *
 * --explain-slow MS: the plans of statements slower than MS in the PostgreSQL server's log (auto_explain); with
 *   --embedded in the children's log, for the sessions opened after the cluster is ready.
 * --worker-nice N: the workers and their PostgreSQL backends at nice N (pages first; see reniceWorkers);
 *   with --worker-nice-process-only the worker processes alone (what a worker can do to itself, without root).
 * --after-without-workers: stop the workers as soon as the import ends, so the after-import phase shows what the
 *   freshly imported rows cost the pages without the validation backlog (the idle phase follows right after it).
 * --validation-ab R [--ab-seconds 30]: right after the import, alternate the validation processes between SCHED_IDLE,
 *   nice 19 under SCHED_OTHER and stopped, R rounds (see validationAb).
 * --faults: at half the import, kill -9 worker 1 (the supervisor restarts it after 1 s); at 60 %,
 * kill -9 web 2 (its users fail over to web 1, as behind a load balancer, until it is back); with
 * --embedded (a fresh embedded PostgreSQL instead of a database on the server), at 70 % restart
 * PostgreSQL (5 s down), watching /healthz and the users' requests meanwhile: the restart's phase reports the
 * slowest request answered or failed (slowestRequestMs), the 503 answers of the database gate, what /healthz
 * said, and how many apdesk processes had to be started again (none, since the fix for porsager/postgres#1154).
 * Reports p50/p95/max per request kind and phase, errors, invoices/s, the workers' peak RSS,
 * and the end-state checks (every document once, every acknowledged document stored, no job stuck).
 * Children's output goes to /tmp/apdesk-load-<time>.log. Uses a fresh database, dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, setPriority } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from '../src/db/postgres';
import { hashPassword } from '../src/auth/passwords';
import { createSession } from '../src/auth/sessions';
import { startCluster, type ClusterProcess } from '../src/cluster/supervisor';
import { createSql } from '../src/db/connection';
import { freePort } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { BULK_USER } from '../src/pagero-sandbox/seed-bulk';
import { insertUser } from '../src/users/queries';
import { Browserless } from '../test/helpers/client';
import { childrenOf, cpuMeter, type CpuSplit } from './load/cpu-meter';

const { values } = parseArgs({
  options: {
    companies: { type: 'string', default: '5' },
    invoices: { type: 'string', default: '10000' },
    users: { type: 'string', default: '50' },
    web: { type: 'string', default: '2' },
    worker: { type: 'string', default: '2' },
    'think-ms': { type: 'string', default: '1000' },
    'idle-seconds': { type: 'string', default: '60' },
    'drain-minutes': { type: 'string', default: '2' },
    faults: { type: 'boolean', default: false },
    'worker-nice': { type: 'string', default: '0' },
    'worker-nice-process-only': { type: 'boolean', default: false },
    'explain-slow': { type: 'string' },
    'after-without-workers': { type: 'boolean', default: false },
    'validation-ab': { type: 'string', default: '0' },
    'ab-seconds': { type: 'string', default: '30' },
    embedded: { type: 'boolean', default: false },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const companies = Number(values.companies);
const perCompany = Number(values.invoices);
const total = companies * perCompany;
const userCount = Number(values.users);
const thinkMs = Number(values['think-ms']);
const PASSWORD = 'load bench password';
/** While set, every request is counted in this phase (the database restart). */
let override: Phase | null = null;
/** Request kinds and their weights (%). */
const KINDS: [string, number][] = [['list', 25], ['filter', 15], ['search', 15], ['page', 15], ['open', 20], ['code', 10]]; // code = open + code a line
/** Requests slower than SLOW_MS, by the second they started in, to tell what a fault did and when. */
const SLOW_MS = 2000;
const slowRequests = new Map<string, { count: number; slowestMs: number; kinds: Set<string>; webs: Set<string>; answers: Set<string> }>();
/** Statements running longer than a second, seen once a second in pg_stat_activity: which query a slow stretch waits for. */
const longQueries = new Map<string, { seen: number; longestMs: number; first: string; last: string; apps: Set<string>; waits: Set<string> }>();
/** Every answered or failed request's end (performance.now()), time and answer, for the timeline around the database restart. */
const finished: { end: number; ms: number; answer: number | 'error'; web: string }[] = [];
const logFile = `/tmp/apdesk-load-${Date.now()}.log`;
const childLog = createWriteStream(logFile);
const note = (...args: unknown[]) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

// A fresh database
// A fresh database on the server, or (--embedded) a fresh embedded PostgreSQL the bench may restart
const embedded = values.embedded;
const admin = embedded ? null : postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = `apdesk_load_${randomBytes(4).toString('hex')}`;
await admin?.unsafe(`create database ${dbName}`);
// --explain-slow MS (a database on the server only): auto_explain writes the plan of every statement slower than MS to the server's log
if (values['explain-slow'] && admin) {
  await admin.unsafe(`alter database ${dbName} set session_preload_libraries = 'auto_explain'`);
  await admin.unsafe(`alter database ${dbName} set auto_explain.log_min_duration = ${Number(values['explain-slow'])}`);
}
const dbUrl = new URL(values.database!);
dbUrl.pathname = `/${dbName}`;
const dataDir = `/tmp/apdesk-load-data-${process.pid}`;
mkdirSync(dataDir, { recursive: true, mode: 0o777 });
chmodSync(dataDir, 0o777); // the embedded PostgreSQL runs as the postgres user when we are root

const cluster = await startCluster({
  web: Number(values.web),
  worker: Number(values.worker),
  basePort: 0,
  sandboxPort: await freePort(),
  sandboxBulk: `${companies}x${perCompany}`,
  env: {
    ...process.env,
    DATABASE_URL: embedded ? undefined : dbUrl.toString(),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    SYNC_INTERVAL: '60',
    DATA_DIR: dataDir,
  },
  // with --explain-slow, the embedded PostgreSQL's own log (auto_explain's plans) goes to the children's log file
  log: values['explain-slow'] && embedded ? createLogger('debug', childLog) : createLogger('warn'),
  restart: true,
  output: (name, line) => childLog.write(`[${name}] ${line}\n`),
});
const databaseUrl = cluster.databaseUrl;
const sql = createSql(databaseUrl, 3);
let exitCode = 0;
let cleaningUp: Promise<void> | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    note(`${signal}: stopping the cluster and dropping ${dbName}`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.on('uncaughtException', (error) => {
  console.error(error);
  for (const p of cluster.processes) p.child.kill('SIGKILL');
  process.exit(1);
});
try {
  await cluster.ready();
  if (values['explain-slow'] && embedded) {
    // sessions opened from now on (web processes started again, every connection after the database restart)
    await sql.unsafe(`alter system set session_preload_libraries = 'auto_explain'`);
    await sql.unsafe(`alter system set auto_explain.log_min_duration = ${Number(values['explain-slow'])}`);
    await sql`select pg_reload_conf()`;
  }
  note(`cluster ready: ${cluster.webs.length} web, ${cluster.workers.length} workers, sandbox ${cluster.sandboxUrl}; log ${logFile}`);

  // Users: one AP Admin, the others AP Specialists in the group of one company each
  const hash = await hashPassword(PASSWORD);
  const groupIds: number[] = [];
  for (let i = 1; i <= companies; i++) {
    const [g] = await sql<{ id: number }[]>`
      insert into document_groups (name, priority, conditions)
      values (${`Bulk ${i}`}, ${i}, ${sql.json({ join: 'and', children: [{ field: 'company', op: 'equals', value: `Bulk ${i} AB` }] })})
      returning id::int`;
    groupIds.push(g!.id);
  }
  const users: { email: string; index: number; id: number }[] = [];
  for (let i = 0; i < userCount; i++) {
    const email = `load${i}@example.test`;
    const id = await insertUser(sql, { email, firstName: 'Load', lastName: `User ${i}`, roles: i === 0 ? ['ap_admin'] : ['ap_specialist'], isUserAdmin: i === 0, passwordHash: hash });
    if (i > 0) await sql`insert into document_group_members (group_id, user_id) values (${groupIds[i % companies]!}, ${id})`;
    users.push({ email, index: i, id });
  }
  // The first 10 sign in through the login form; the others get a session as if they had signed in earlier (the
  // sign-in throttle allows 20 attempts per IP address in 15 minutes, and every simulated user comes from 127.0.0.1).
  const clients = await Promise.all(
    users.map(async (u) => {
      const web = cluster.webs[u.index % cluster.webs.length]!;
      const client = new Browserless(web.url);
      if (u.index < 10) await client.signIn(u.email, PASSWORD);
      else client.setCookie('apdesk_session', (await createSession(sql, u.id, { userAgent: 'bench/load.ts' })).token);
      return { ...u, web, client, state: { ids: [] as number[], next: null as string | null } };
    }),
  );
  note(`${clients.length} users signed in`);

  // The admin connects the Pagero user who sees every bulk company: the first sync of all of them starts
  const importStarted = performance.now();
  await connect(clients[0]!.client, BULK_USER.username, BULK_USER.password);
  for (;;) {
    const [{ n }] = (await sql`select count(*)::int as n from pagero_companies where name like 'Bulk %'`) as unknown as [{ n: number }];
    if (n >= companies) break;
    await sleep(200);
  }
  await sql`insert into gl_accounts (company_id, code, name, active) select id, '4000', 'Goods', true from pagero_companies on conflict do nothing`;

  watchLongQueries();
  if (Number(values['worker-nice']) > 0) reniceWorkers(Number(values['worker-nice']));
  // Phase 1: the load while importing
  const meter = cpuMeter(sql, () => ({ web: cluster.webs.map((w) => w.child.pid!), workers: cluster.workers.map((w) => w.child.pid!) }));
  const importPhase = phase('importing');
  const restartPhase = phase('during the database restart');
  await meter.start();
  const loops = clients.map((c) => userLoop(c, importPhase));
  const peakRss = new Map<number, number>();
  const faults: Record<string, unknown> = {};
  let imported = 0;
  let firstStored = 0;
  while (imported < total) {
    await sleep(500);
    for (const w of cluster.workers) {
      const kb = vmHwm(w.child.pid!);
      if (kb) peakRss.set(w.child.pid!, Math.max(peakRss.get(w.child.pid!) ?? 0, kb));
    }
    imported = (await sql<{ n: number }[]>`select count(*)::int as n from documents`.catch(() => [{ n: imported }]))[0]!.n;
    if (imported > 0 && !firstStored) firstStored = performance.now();
    if (values.faults && imported >= total / 2 && !faults.workerKilled) faults.workerKilled = await killWorker(cluster.workers[0]!);
    if (values.faults && imported >= total * 0.6 && !faults.webKilled && cluster.webs.length > 1) faults.webKilled = await killWeb(cluster.webs[1]!);
    if (values.faults && imported >= total * 0.7 && !faults.databaseRestarted && cluster.restartDatabase) faults.databaseRestarted = await restartDatabase(restartPhase);
  }
  const importSeconds = (performance.now() - importStarted) / 1000;
  importPhase.done = true;
  await Promise.all(loops);
  importPhase.cpu = await meter.stop();
  const restartTimeline = faults.databaseRestarted ? timeline((faults.databaseRestarted as { startedAt: number }).startedAt, meter) : null;
  note(`import done: ${imported} in ${importSeconds.toFixed(1)} s`);

  // Phase 2: the same load right after the import (validation jobs may still be running)
  await waitForRunsToEnd();
  // --after-without-workers: the phase right after the import without the validation backlog (nor any other job), to
  // tell what the fresh rows cost the pages from what the backlog does
  if (values['after-without-workers']) {
    await Promise.all(cluster.workers.map((w) => cluster.stopProcess(w)));
    note('workers stopped before the after-import phase');
  }
  const afterPhases: Phase[] = [];
  if (Number(values['validation-ab']) > 0) {
    afterPhases.push(...(await validationAb(Number(values['validation-ab']), Number(values['ab-seconds']))));
  } else {
    const afterPhase = phase(values['after-without-workers'] ? 'after import (workers stopped)' : 'after import');
    await meter.start();
    const afterLoops = clients.map((c) => userLoop(c, afterPhase));
    await sleep(Number(values['idle-seconds']) * 1000);
    afterPhase.done = true;
    await Promise.all(afterLoops);
    afterPhase.cpu = await meter.stop();
    afterPhases.push(afterPhase);
  }

  /**
   * --validation-ab R: right after the import, R rounds of three slices of --ab-seconds each, the validation processes
   * (the workers' children) under SCHED_IDLE (as shipped), switched to SCHED_OTHER at nice 19 (what they were before),
   * and stopped (SIGSTOP: the same minutes without validation); each condition's samples summed over the rounds.
   */
  async function validationAb(rounds: number, seconds: number): Promise<Phase[]> {
    const workerPids = () => childrenOf(cluster.workers.map((w) => w.child.pid!));
    const setPolicy = (policy: '--idle' | '--other') => { for (const pid of workerPids()) execFileSync('chrt', [policy, '--all-tasks', '--pid', '0', String(pid)]); };
    const signal = (sig: 'SIGSTOP' | 'SIGCONT') => { for (const pid of workerPids()) process.kill(pid, sig); };
    const conditions = [
      { p: phase('after import, validation SCHED_IDLE'), apply: () => { signal('SIGCONT'); setPolicy('--idle'); } },
      { p: phase('after import, validation nice 19 (SCHED_OTHER)'), apply: () => { signal('SIGCONT'); setPolicy('--other'); } },
      { p: phase('after import, validation stopped'), apply: () => signal('SIGSTOP') },
    ];
    for (let round = 0; round < rounds; round++) {
      for (const { p, apply } of conditions) {
        apply();
        p.done = false;
        await meter.start();
        const slice = clients.map((c) => userLoop(c, p));
        await sleep(seconds * 1000);
        p.done = true;
        await Promise.all(slice);
        p.cpu = addCpu(p.cpu, await meter.stop());
      }
    }
    signal('SIGCONT');
    setPolicy('--idle');
    return conditions.map((c) => c.p);
  }

  // Phase 3: once the job queue is empty, the same load on the idle system, with the CPU it costs per request
  const drainStarted = performance.now();
  const queueLeft = values['after-without-workers'] ? -1 : await waitForJobsToDrain(Number(values['drain-minutes']));
  const drainSeconds = Number(((performance.now() - drainStarted) / 1000).toFixed(1));
  note(`job queue drained after ${drainSeconds} s (${queueLeft} left)`);
  // A backlog (EN 16931 validation of 50,000 invoices takes far longer than the import) would keep the
  // system busy; the idle baseline is then measured with the workers stopped (graceful: jobs go back to the queue).
  if (queueLeft > 0) {
    await Promise.all(cluster.workers.map((w) => cluster.stopProcess(w)));
    note(`workers stopped for the idle phase (${queueLeft} jobs left queued)`);
  }
  const idlePhase = phase(queueLeft !== 0 ? 'idle (workers stopped)' : 'idle');
  await meter.start();
  const idleLoops = clients.map((c) => userLoop(c, idlePhase));
  await sleep(Number(values['idle-seconds']) * 1000);
  idlePhase.done = true;
  await Promise.all(idleLoops);
  idlePhase.cpu = await meter.stop();
  const idleRequests = [...idlePhase.samples.values()].reduce((n, ms) => n + ms.length, 0);
  const idleCpu = { requests: idleRequests, ...cpuPerRequest(idlePhase) };

  const checks = await endChecks();
  const report = {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    web: cluster.webs.length,
    workers: cluster.workers.length,
    users: userCount,
    thinkMs,
    workerNice: Number(values['worker-nice']),
    workerNiceProcessOnly: values['worker-nice-process-only'],
    invoices: imported,
    importSeconds: Number(importSeconds.toFixed(1)),
    invoicesPerSecond: Math.round(imported / importSeconds),
    workersPeakRssMb: [...peakRss.values()].map((kb) => Math.round(kb / 1024)),
    idleCpu,
    faults,
    jobsDrain: { seconds: drainSeconds, left: queueLeft },
    phases: [importPhase, ...(faults.databaseRestarted ? [restartPhase] : []), ...afterPhases, idlePhase].map(summary),
    slowRequests: slowSummary(),
    longQueries: longQuerySummary(),
    restartTimeline,
    checks,
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(markdown(report.phases));
  if (!checks.ok) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);

/** Stops every child and drops the database: at the end, and on Ctrl-C. */
async function cleanUp() {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    await sql.end({ timeout: 5 });
    await cluster.stop();
    await admin?.unsafe(`drop database ${dbName} with (force)`).catch(() => {});
    await admin?.end();
    rmSync(dataDir, { recursive: true, force: true });
    childLog.end();
  })();
  return cleaningUp;
}

// ---------------------------------------------------------------------------------------------

/** `slowest`: the longest request of the phase, answered or not; `unavailable`: 503 answers (the database gate while PostgreSQL is away). */
type Phase = { name: string; done: boolean; samples: Map<string, number[]>; errors: Map<string, number>; failovers: number; conflicts: number; slowestError: number; slowest: number; unavailable: number; started: number; cpu?: CpuSplit };
function addCpu(a: CpuSplit | undefined, b: CpuSplit): CpuSplit {
  if (!a) return b;
  return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v + a[k as keyof CpuSplit]])) as CpuSplit;
}

function phase(name: string): Phase {
  return { name, done: false, samples: new Map(), errors: new Map(), failovers: 0, conflicts: 0, slowestError: 0, slowest: 0, unavailable: 0, started: performance.now() };
}

/** CPU ms per answered request of the web processes, their PostgreSQL backends and this bench; the workers', their backends', their validation processes' and autovacuum's CPU seconds in the phase. */
function cpuPerRequest(p: Phase) {
  const requests = Math.max(1, [...p.samples.values()].reduce((n, ms) => n + ms.length, 0));
  const per = (seconds: number) => Number(((seconds * 1000) / requests).toFixed(2));
  const cpu = p.cpu ?? { web: 0, workers: 0, validation: 0, postgresWeb: 0, postgresOther: 0, autovacuum: 0, bench: 0 };
  return {
    webCpuMsPerRequest: per(cpu.web),
    postgresCpuMsPerRequest: per(cpu.postgresWeb),
    benchCpuMsPerRequest: per(cpu.bench),
    workersCpuSeconds: Number(cpu.workers.toFixed(1)),
    workersPostgresCpuSeconds: Number(cpu.postgresOther.toFixed(1)),
    validationCpuSeconds: Number(cpu.validation.toFixed(1)),
    autovacuumCpuSeconds: Number(cpu.autovacuum.toFixed(1)),
  };
}

type Client = { index: number; web: ClusterProcess; client: Browserless; state: { ids: number[]; next: string | null } };

async function userLoop(c: Client, p: Phase) {
  while (!p.done) {
    await sleep(thinkMs * (0.5 + Math.random()));
    if (p.done) break;
    let roll = Math.random() * 100;
    const kind = KINDS.find(([, weight]) => (roll -= weight) < 0)![0];
    try {
      await step(c, p, kind);
    } catch (error) {
      // A killed web process: the load balancer would send the user to the other one
      const other = cluster.webs.find((w) => w !== c.web && w.child.exitCode === null);
      if (other && isConnectionError(error)) {
        p.failovers += 1;
        c.client = c.client.at(other.url);
        c.web = other;
      } // (the failed request is already counted as an error by step())
    }
  }
}

async function step(c: Client, phaseOfLoop: Phase, kind: string) {
  const timed = async (name: string, run: () => ReturnType<Browserless['get']>) => {
    const p = override ?? phaseOfLoop;
    const t0 = performance.now();
    const started = new Date();
    const res = await run().catch((error) => {
      p.errors.set(name, (p.errors.get(name) ?? 0) + 1);
      p.slowestError = Math.max(p.slowestError, performance.now() - t0);
      p.slowest = Math.max(p.slowest, performance.now() - t0);
      noteSlow(started, performance.now() - t0, name, c.web.name, (error as Error).message);
      finished.push({ end: performance.now(), ms: performance.now() - t0, answer: 'error', web: c.web.name });
      throw error;
    });
    const ms = performance.now() - t0;
    noteSlow(started, ms, name, c.web.name, String(res.status));
    finished.push({ end: performance.now(), ms, answer: res.status, web: c.web.name });
    p.slowest = Math.max(p.slowest, ms);
    if (res.status >= 500) p.slowestError = Math.max(p.slowestError, ms);
    if (res.status === 503 && res.headers.get('retry-after')) p.unavailable += 1; // "back in a moment": the database is away
    else if (res.status === 409) p.conflicts += 1;
    else if (res.status >= 400) {
      p.errors.set(name, (p.errors.get(name) ?? 0) + 1);
      if ((p.errors.get(name) ?? 0) <= 3) note(`${name} answered ${res.status}: ${res.text.slice(0, 200)}`);
    } else (p.samples.get(name) ?? p.samples.set(name, []).get(name)!).push(ms);
    return res;
  };
  const remember = (text: string) => {
    const ids = [...text.matchAll(/href="\/invoices\/(\d+)(?:\?[^"]*)?"/g)].map((m) => Number(m[1]));
    if (ids.length) c.state.ids = [...new Set(ids)];
    c.state.next = /after=([^"&]+)"[^>]*rel="next"/.exec(text)?.[1] ?? c.state.next;
  };
  const pickId = () => c.state.ids[Math.floor(Math.random() * c.state.ids.length)];
  switch (kind) {
    case 'list':
      return remember((await timed('list', () => c.client.get('/invoices'))).text);
    case 'filter':
      return remember((await timed('filter', () => c.client.get(`/invoices?status=received&supplier=${['AB', 'GmbH', 'Oy', 'AS'][c.index % 4]}`))).text);
    case 'search':
      return remember((await timed('search', () => c.client.get(`/invoices?q=BULK-${1 + (c.index % companies)}-000${Math.floor(Math.random() * 90) + 10}`))).text);
    case 'page':
      if (!c.state.next) return remember((await timed('list', () => c.client.get('/invoices'))).text);
      return remember((await timed('page', () => c.client.get(`/invoices?after=${c.state.next}`))).text);
    case 'open': {
      const id = pickId();
      if (!id) return remember((await timed('list', () => c.client.get('/invoices'))).text);
      await timed('open', () => c.client.get(`/invoices/${id}`));
      return;
    }
    case 'code': {
      const id = pickId();
      if (!id) return remember((await timed('list', () => c.client.get('/invoices'))).text);
      // The coding form lives on the invoice page (GET /invoices/:id/coding redirects there)
      const page = await timed('open', () => c.client.get(`/invoices/${id}`));
      const lineId = /\/coding\/lines\/(\d+)(?=["?&])/.exec(page.text)?.[1];
      if (page.status !== 200 || !lineId) return;
      await timed('code a line', () => c.client.post(`/invoices/${id}/coding/lines/${lineId}`, { glAccount: '4000', costCentre: '', taxCode: '' }));
      return;
    }
  }
}

function watchLongQueries() {
  const timer = setInterval(async () => {
    const rows = await sql<{ app: string; ms: number; wait: string | null; query: string }[]>`
      select application_name as app, (extract(epoch from clock_timestamp() - query_start) * 1000)::int as ms,
             wait_event_type || ':' || wait_event as wait, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 400) as query
      from pg_stat_activity
      where datname = current_database() and state = 'active' and pid <> pg_backend_pid() and clock_timestamp() - query_start > interval '1 second'
        and query not like '%LISTEN%'`.catch(() => []);
    const now = new Date().toISOString().slice(11, 19);
    for (const r of rows) {
      const q = longQueries.get(r.query) ?? longQueries.set(r.query, { seen: 0, longestMs: 0, first: now, last: now, apps: new Set(), waits: new Set() }).get(r.query)!;
      q.seen += 1;
      q.longestMs = Math.max(q.longestMs, r.ms);
      q.last = now;
      q.apps.add(r.app);
      if (r.wait) q.waits.add(r.wait);
    }
  }, 1000);
  timer.unref();
}
/**
 * --worker-nice N (an experiment: pages first, the import with what they leave): every thread of the worker
 * processes and of their PostgreSQL backends at nice N, looked at every second (backends and threads come and go).
 * Needs the bench to run as root or as the PostgreSQL server's user.
 */
function reniceWorkers(nice: number) {
  const reniced = new Set<number>();
  const renice = (pid: number) => {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
        if (reniced.has(tid)) continue;
        setPriority(tid, nice);
        reniced.add(tid);
      }
    } catch {
      // gone
    }
  };
  const timer = setInterval(async () => {
    for (const w of cluster.workers) if (w.child.pid) renice(w.child.pid);
    if (values['worker-nice-process-only']) return;
    const backends = await sql<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = current_database() and application_name in ('apdesk worker', 'apdesk job queue')`.catch(() => []);
    for (const b of backends) renice(b.pid);
  }, 1000);
  timer.unref();
}

function longQuerySummary() {
  return [...longQueries.entries()].sort(([, a], [, b]) => b.seen - a.seen).slice(0, 15).map(([query, q]) => ({ ...q, apps: [...q.apps], waits: [...q.waits], query }));
}

function noteSlow(started: Date, ms: number, kind: string, web: string, answer: string) {
  if (ms < SLOW_MS) return;
  const second = started.toISOString().slice(11, 19);
  const s = slowRequests.get(second) ?? slowRequests.set(second, { count: 0, slowestMs: 0, kinds: new Set(), webs: new Set(), answers: new Set() }).get(second)!;
  s.count += 1;
  s.slowestMs = Math.max(s.slowestMs, Math.round(ms));
  s.kinds.add(kind);
  s.webs.add(web);
  s.answers.add(answer.slice(0, 60));
}
function slowSummary() {
  return [...slowRequests.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([second, s]) => ({ second, count: s.count, slowestMs: s.slowestMs, kinds: [...s.kinds], webs: [...s.webs], answers: [...s.answers] }));
}

/**
 * Second by second from 5 s before the database restart to 60 s after it: requests that ended in the
 * second (how many, 503s, failures, median and slowest time, per web process) and the CPU each kind of
 * process used, to tell what the slow half-minute after the restart waits for.
 */
function timeline(startedAt: number, m: ReturnType<typeof cpuMeter>) {
  const from = startedAt - 5000;
  const to = startedAt + 60_000;
  return m.perSecond(from, to).map(({ at, cpu }) => {
    const ended = finished.filter((r) => r.end > at - 1000 && r.end <= at);
    const ms = ended.map((r) => r.ms).sort((a, b) => a - b);
    const byWeb = Object.fromEntries([...new Set(ended.map((r) => r.web))].map((w) => [w, ended.filter((r) => r.web === w).length]));
    return {
      second: Number(((at - startedAt) / 1000).toFixed(1)),
      requests: ended.length,
      unavailable503: ended.filter((r) => r.answer === 503).length,
      failed: ended.filter((r) => r.answer === 'error' || (typeof r.answer === 'number' && r.answer >= 500 && r.answer !== 503)).length,
      p50Ms: ms.length ? Math.round(ms[Math.floor(ms.length / 2)]!) : null,
      maxMs: ms.length ? Math.round(ms.at(-1)!) : null,
      byWeb,
      cpu,
    };
  });
}

function summary(p: Phase) {
  const kinds = [...p.samples.entries()].map(([kind, ms]) => {
    ms.sort((a, b) => a - b);
    const q = (f: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(f * ms.length))]!);
    return { kind, requests: ms.length, p50: q(0.5), p95: q(0.95), max: Math.round(ms.at(-1)!), errors: p.errors.get(kind) ?? 0 };
  });
  const errors = [...p.errors.entries()].filter(([kind]) => !p.samples.has(kind));
  return { phase: p.name, kinds, otherErrors: Object.fromEntries(errors), failovers: p.failovers, conflicts: p.conflicts, unavailable503: p.unavailable, slowestErrorMs: Math.round(p.slowestError), slowestRequestMs: Math.round(p.slowest), ...(p.cpu ? { cpu: cpuPerRequest(p) } : {}) };
}

function markdown(phases: ReturnType<typeof summary>[]) {
  const rows = phases.flatMap((ph) => ph.kinds.map((k) => `| ${ph.phase} | ${k.kind} | ${k.requests} | ${k.p50} | ${k.p95} | ${k.max} | ${k.errors} |`));
  const cpu = phases.flatMap((ph) => (ph.cpu ? [`| ${ph.phase} | ${ph.cpu.webCpuMsPerRequest} | ${ph.cpu.postgresCpuMsPerRequest} | ${ph.cpu.benchCpuMsPerRequest} | ${ph.cpu.workersCpuSeconds} | ${ph.cpu.workersPostgresCpuSeconds} | ${ph.cpu.validationCpuSeconds} | ${ph.cpu.autovacuumCpuSeconds} |`] : []));
  return [
    '| phase | request | n | p50 ms | p95 ms | max ms | errors |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows, '',
    '| phase | web CPU ms / request | its PostgreSQL ms / request | bench ms / request | workers CPU s | their PostgreSQL CPU s | validation CPU s | autovacuum CPU s |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...cpu,
  ].join('\n');
}

async function killWorker(w: ClusterProcess) {
  const pid = w.child.pid!;
  const [running] = await sql<{ companyId: number }[]>`select company_id::int from sync_runs where status = 'running' and worker_process_id like ${`%:${pid}:%`} limit 1`;
  w.child.kill('SIGKILL');
  const t0 = performance.now();
  note(`fault: kill -9 ${w.name} (pid ${pid}) syncing company ${running?.companyId}`);
  if (!running) return { worker: w.name, company: null };
  // Resumed: a later run of that company is running or has finished (given up after 5 minutes)
  for (let i = 0; i < 1200; i++) {
    const [again] = await sql`select 1 from sync_runs where company_id = ${running.companyId} and worker_process_id not like ${`%:${pid}:%`} and started_at > now() - interval '10 minutes'`;
    if (again) break;
    await sleep(250);
  }
  const resumedAfterSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  note(`fault: company ${running.companyId} resumed after ${resumedAfterSeconds} s`);
  return { worker: w.name, company: running.companyId, resumedAfterSeconds };
}

/** Stops the embedded PostgreSQL for 5 s and starts it again, watching web 1's /healthz (2 s database timeout) meanwhile. */
async function restartDatabase(p: Phase) {
  override = p;
  note('fault: restarting PostgreSQL (5 s down)');
  const starts = () => [...cluster.webs, ...cluster.workers].reduce((n, w) => n + w.starts, 0);
  const startsBefore = starts();
  const t0 = performance.now();
  const health: { status: number | string; ms: number }[] = [];
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const h0 = performance.now();
      const status = await fetch(`${cluster.webs[0]!.url}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(async (r) => `${r.status} ${((await r.json()) as { database?: { state?: string } }).database?.state}`, (e) => String(e));
      health.push({ status, ms: Math.round(performance.now() - h0) });
      await sleep(250);
    }
  })();
  await cluster.restartDatabase!(5000);
  // Back: the first healthy answer after the restart
  for (let i = 0; i < 240; i++) {
    const ok = await fetch(`${cluster.webs[0]!.url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(250);
  }
  const healthyAfterSeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  watching = false;
  await watch;
  override = null;
  const statuses = [...new Set(health.map((h) => h.status))];
  // a process that died in the restart is started again by the supervisor after 1 s
  await sleep(3000);
  const processesRestarted = starts() - startsBefore;
  note(`fault: healthy again after ${healthyAfterSeconds} s; /healthz said ${statuses.join(', ')}; ${processesRestarted} processes started again; slowest request ${Math.round(p.slowest)} ms`);
  return { startedAt: t0, healthyAfterSeconds, healthAnswers: statuses, slowestHealthMs: Math.max(...health.map((h) => h.ms)), processesRestarted, slowestRequestMs: Math.round(p.slowest), unavailable503: p.unavailable };
}

async function killWeb(w: ClusterProcess) {
  const pid = w.child.pid!;
  w.child.kill('SIGKILL');
  note(`fault: kill -9 ${w.name} (pid ${pid})`);
  const t0 = performance.now();
  for (let i = 0; i < 1200; i++) {
    await sleep(250);
    const back = await fetch(`${w.url}/healthz`).then((r) => r.ok, () => false);
    if (back) break;
  }
  return { web: w.name, backAfterSeconds: Number(((performance.now() - t0) / 1000).toFixed(1)) };
}

/** Waits until no job is waiting or running (validation of the import), at most `minutes`; answers how many are left. */
async function waitForJobsToDrain(minutes: number) {
  const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs where attempts < max_attempts and run_at < now() + interval '1 minute'`)[0]!.n;
  const until = Date.now() + minutes * 60_000;
  while (Date.now() < until && (await count()) > 0) await sleep(1000);
  return count();
}

async function waitForRunsToEnd() {
  for (let i = 0; i < 240; i++) {
    const [{ running }] = (await sql`select count(*)::int as running from sync_runs where status = 'running'`) as unknown as [{ running: number }];
    if (!running) return;
    await sleep(500);
  }
}

async function endChecks() {
  await waitForRunsToEnd();
  const [docs] = await sql<{ documents: number; distinctIds: number; invoices: number; validated: number; databaseKb: number; documentsKb: number }[]>`
    select count(*)::int as documents, count(distinct pagero_document_id)::int as distinct_ids, (select count(*)::int from invoices) as invoices,
           (select count(*)::int from invoice_validations where state <> 'pending') as validated,
           (pg_database_size(current_database()) / 1024)::int as database_kb,
           (pg_total_relation_size('documents') / 1024)::int as documents_kb
    from documents`;
  const listed = (await (await fetch(`${cluster.sandboxUrl}/_sim/documents`)).json()) as { items: { id: string; isFetched: boolean; documentType?: string }[] };
  const acknowledged = listed.items.filter((d) => d.isFetched).map((d) => d.id);
  const stored = new Set((await sql<{ id: string }[]>`select pagero_document_id as id from documents`).map((r) => r.id));
  const acknowledgedNotStored = acknowledged.filter((id) => !stored.has(id)).length;
  // Stuck: locked by a worker id that no live process (heartbeat in the last 30 s) runs
  const [{ locked, stuck, syncJobs }] = (await sql`
    select count(*) filter (where locked_by is not null)::int as locked,
           count(*) filter (where locked_by is not null and not exists (
             select 1 from worker_processes p where j.locked_by = any(p.graphile_worker_ids) and p.seen_at > now() - interval '30 seconds'))::int as stuck,
           count(*) filter (where key like 'sync:company:%')::int as sync_jobs
    from graphile_worker._private_jobs j`) as unknown as [{ locked: number; stuck: number; syncJobs: number }];
  const runs = await sql<{ status: string; n: number }[]>`select status, count(*)::int as n from sync_runs group by 1 order by 1`;
  const ok = docs!.documents === total && docs!.distinctIds === total && acknowledgedNotStored === 0 && syncJobs === 0 && stuck === 0;
  return { ok, ...docs, acknowledged: acknowledged.length, acknowledgedNotStored, lockedJobs: locked, stuckJobs: stuck, syncJobsLeft: syncJobs, runs: Object.fromEntries(runs.map((r) => [r.status, r.n])) };
}

/** E-invoicing Login through the sandbox's login page, as test/helpers/pagero.ts does. */
async function connect(browser: Browserless, username: string, password: string) {
  const start = await browser.get('/einvoicing/login');
  const authorizeUrl = new URL(start.location!);
  const html = await (await fetch(authorizeUrl)).text();
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)![1]!;
  const answer = await fetch(new URL('/oauth/v2/oauth-authorize', authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, username, password, action: 'continue' }),
  });
  const back = new URL(answer.headers.get('location')!);
  const res = await browser.get(back.pathname + back.search);
  if (res.status !== 303) throw new Error(`E-invoicing Login ended with ${res.status}`);
}

function isConnectionError(error: unknown) {
  const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
  return /ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|EPIPE/.test(code) || /fetch failed|other side closed/.test(String(error));
}

function vmHwm(pid: number) {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
