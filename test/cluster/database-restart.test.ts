/*
 * A PostgreSQL restart (issue 19, item 4): one web and one worker process (the cluster supervisor,
 * which does not restart them here) on a private embedded PostgreSQL of this file's own, with a sync
 * job running. PostgreSQL is stopped (fast shutdown: every session ended) and started again on the
 * same port. Meanwhile both processes stay up, /healthz says down, pages answer 503 with Retry-After
 * instead of waiting, and the sync fails (its job is marked failed once the database is back);
 * afterwards pages work, the sync is tried again and finishes, a sync asked for afterwards runs,
 * and no job is left locked.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCluster, type Cluster } from '../../src/cluster/supervisor';
import { createSql, type Sql } from '../../src/db/connection';
import { freePort } from '../../src/db/embedded';
import { createLogger } from '../../src/logger';
import { BULK_USER } from '../../src/pagero-sandbox/seed-bulk';
import { Browserless } from '../helpers/client';
import { makeUser } from '../helpers/factories';
import { connectThroughPagero } from '../helpers/pagero';
import { waitFor } from '../helpers/worker-process';

const INVOICES = 30;
/** Longer than any answer may take (the database gate answers at once); only here so a hang fails the test instead of stalling it. */
const HANG = 15_000;

describe('a PostgreSQL restart under a web and a worker process', () => {
  let cluster: Cluster;
  let dataDir: string;
  let sql: Sql;
  const lines: string[] = [];
  const output = () => lines.slice(-80).join('\n');

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'apdesk-restart-'));
    await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres OS user when we are root
    cluster = await startCluster({
      web: 1,
      worker: 1,
      basePort: 0,
      sandboxPort: await freePort(),
      sandboxBulk: `1x${INVOICES}`,
      env: {
        ...process.env,
        DATABASE_URL: undefined, // the cluster's own embedded PostgreSQL, which it can restart
        DATA_DIR: dataDir,
        SESSION_SECRET: 'restart-test-session-secret-0123456789abcdef',
        TOKEN_ENCRYPTION_KEY: '2'.repeat(64),
        LOG_LEVEL: 'warn',
        SYNC_INTERVAL: '720',
      },
      log: createLogger('silent'),
      restart: false,
      output: (name, line) => lines.push(`[${name}] ${line}`),
    });
    await cluster.ready().catch((error: Error) => {
      throw new Error(`${error.message}\n${output()}`);
    });
    sql = createSql(cluster.databaseUrl, 2);
  });

  after(async () => {
    await sql?.end({ timeout: 1 });
    await cluster?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('every process stays up, answers 503 while the database is away and works again after; the cut sync finishes and new jobs run', async () => {
    const [web] = cluster.webs;
    const [worker] = cluster.workers;
    const sandbox = cluster.sandboxUrl!;
    const alive = () => cluster.processes.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null).map((p) => p.name);
    const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(HANG) });

    const user = await makeUser(sql, { roles: ['ap_admin'], isUserAdmin: true });
    const browser = new Browserless(web!.url);
    assert.equal((await browser.signIn(user.email, user.password)).status, 303);
    const cookie = `apdesk_session=${browser.cookie('apdesk_session')}`;
    // A sync runs across the restart: its downloads wait until the sandbox lets them go
    await fetch(`${sandbox}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match: { pathRegex: '/targetdocument$' }, respond: { type: 'hold' } }) });
    const { response } = await connectThroughPagero(browser, BULK_USER.username, BULK_USER.password);
    assert.equal(response.status, 303, output());
    const running = async () => (await sql<{ n: number }[]>`select count(*)::int as n from sync_runs where status = 'running'`)[0]!.n;
    await waitFor('the sync to be running', async () => (await running()) === 1, output, 90);

    await cluster.stopDatabase!();
    // /healthz of both processes says down
    for (const p of [web!, worker!]) {
      const health = await get(`${p.url}/healthz`);
      assert.equal(health.status, 503, `${p.name} /healthz`);
      assert.equal(((await health.json()) as { database: { state: string } }).database.state, 'down');
    }
    // A page, an htmx request and the API answer 503 with Retry-After, with a sentence
    await waitFor('the web process to see the database down', async () => (await get(`${web!.url}/invoices`, { cookie })).status === 503, output, 30);
    const page = await get(`${web!.url}/invoices`, { cookie });
    assert.equal(page.status, 503);
    assert.equal(page.headers.get('retry-after'), '5');
    assert.match(await page.text(), /cannot reach its database right now/);
    const fragment = await get(`${web!.url}/invoices`, { cookie, 'hx-request': 'true' });
    assert.equal(fragment.status, 503);
    assert.match(await fragment.text(), /^<p class="form-error" role="alert">apdesk cannot reach its database/);
    const api = await get(`${web!.url}/api/v1/invoices`, { authorization: 'Bearer apdesk_1.nothing' });
    assert.equal(api.status, 503);
    assert.equal(api.headers.get('content-type'), 'application/problem+json');
    const signIn = await get(`${web!.url}/login`);
    assert.equal(signIn.status, 503, 'the sign-in page needs the database too (sessions, CSRF)');
    // The sync goes on while the database is away: it fails, and marking its job failed waits for the database
    await fetch(`${sandbox}/_sim/faults`, { method: 'DELETE' });
    await waitFor('the cut sync to fail', async () => output().includes('Failed task'), output, 60);
    assert.deepEqual(alive(), [], `no process died:\n${output()}`);

    await cluster.startDatabase!();
    await waitFor('web /healthz ok', async () => (await get(`${web!.url}/healthz`)).status === 200, output, 30);
    await waitFor('worker /healthz ok', async () => (await get(`${worker!.url}/healthz`)).status === 200, output, 30);
    const list = await get(`${web!.url}/invoices`, { cookie });
    assert.equal(list.status, 200, 'the session made before the restart still works');

    // The cut sync is tried again and finishes
    const invoices = async () => (await sql<{ n: number }[]>`select count(*)::int as n from invoices`)[0]!.n;
    await waitFor(`all ${INVOICES} invoices imported`, async () => (await invoices()) === INVOICES && (await running()) === 0, output, 120);
    const [{ documents, distinct }] = await sql<[{ documents: number; distinct: number }]>`select count(*)::int as documents, count(distinct pagero_document_id)::int as distinct from documents`;
    assert.deepEqual([documents, distinct], [INVOICES, INVOICES], 'every document stored once');

    // A job asked for after the restart runs: Sync now
    const before = (await sql<{ n: number }[]>`select count(*)::int as n from sync_runs where status = 'succeeded'`)[0]!.n;
    await browser.get('/settings/einvoicing');
    assert.equal((await browser.post('/settings/einvoicing/syncs', {})).status, 303);
    await waitFor('the sync asked for after the restart to succeed', async () => (await sql<{ n: number }[]>`select count(*)::int as n from sync_runs where status = 'succeeded'`)[0]!.n > before, output, 60);

    // No job is left locked, none waits that is due
    await waitFor('no locked or overdue job', async () => {
      const [jobs] = await sql<{ locked: number; due: number }[]>`
        select count(*) filter (where locked_at is not null)::int as locked,
               count(*) filter (where run_at < now() - interval '5 seconds' and attempts < max_attempts)::int as due
        from graphile_worker._private_jobs`;
      return jobs!.locked === 0 && jobs!.due === 0;
    }, output, 120);
    assert.deepEqual(alive(), [], `no process died:\n${output()}`);
    assert.equal(web!.starts + worker!.starts, 2, 'neither process was started again');
  });
});
