/*
 * Past one process (issue 19): two web and two worker processes (the cluster supervisor) on
 * one test database. A Pagero user with two companies connects through web process 1 and
 * comes back on web process 2; the two workers import one company each at the same time;
 * every document is stored once. The session and its CSRF token work on either process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../../src/cluster/supervisor';
import { freePort } from '../../src/db/embedded';
import { createLogger } from '../../src/logger';
import { BULK_USER } from '../../src/pagero-sandbox/seed-bulk';
import { Browserless } from '../helpers/client';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { makeUser } from '../helpers/factories';
import { connectThroughPagero } from '../helpers/pagero';
import { waitFor } from '../helpers/worker-process';

const PER_COMPANY = 150;

describe('two web and two worker processes on one database', () => {
  let db: TestDatabase;
  let cluster: Cluster;
  let dataDir: string;
  const lines: string[] = [];
  const output = () => lines.slice(-60).join('\n');

  before(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'apdesk-cluster-'));
    cluster = await startCluster({
      web: 2,
      worker: 2,
      basePort: 0,
      sandboxPort: await freePort(),
      sandboxBulk: `2x${PER_COMPANY}`,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        SESSION_SECRET: 'cluster-test-session-secret-0123456789abcdef',
        TOKEN_ENCRYPTION_KEY: '1'.repeat(64),
        LOG_LEVEL: 'warn',
        SYNC_INTERVAL: '60',
        SYNC_CONCURRENCY: '1',
      },
      log: createLogger('silent'),
      restart: false,
      output: (name, line) => lines.push(`[${name}] ${line}`),
    });
    await cluster.ready();
  });

  after(async () => {
    await cluster?.stop();
    await db?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('imports two companies in parallel without doubles; a session from web 1 works on web 2', async () => {
    const [web1, web2] = cluster.webs;
    const sandbox = cluster.sandboxUrl!;
    // Downloads wait until both workers have taken a company (a worker runs one sync at a time: SYNC_CONCURRENCY=1)
    await fetch(`${sandbox}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ match: { pathRegex: '/targetdocument$' }, respond: { type: 'hold' } }) });

    const user = await makeUser(db.sql, { roles: ['ap_admin'], isUserAdmin: true });
    const one = new Browserless(web1!.url);
    assert.equal((await one.signIn(user.email, user.password)).status, 303);
    const two = one.at(web2!.url);
    // E-invoicing Login starts on web 1 and comes back on web 2 (its OAuth state lives in the database and the cookie)
    const { response } = await connectThroughPagero(one, BULK_USER.username, BULK_USER.password, 'continue', two);
    assert.deepEqual([response.status, response.location], [303, '/invoices'], output());

    const running = () => db.sql<{ worker: string }[]>`select distinct worker_process_id as worker from sync_runs where status = 'running'`;
    await waitFor('both workers to be syncing a company', async () => (await running()).length === 2, output, 90);
    const workers = (await running()).map((r) => r.worker).sort();
    const pids = cluster.workers.map((w) => String(w.child.pid));
    assert.ok(workers.every((w) => pids.includes(w.split(':')[1]!)), `${workers} run in the cluster's workers ${pids}`);
    const names = await db.sql<{ name: string }[]>`select distinct application_name as name from pg_stat_activity where datname = current_database() and application_name like 'apdesk %' order by 1`;
    assert.deepEqual(names.map((n) => n.name), ['apdesk job queue', 'apdesk web', 'apdesk worker'], 'pg_stat_activity tells which kind of process a connection serves');
    await fetch(`${sandbox}/_sim/faults`, { method: 'DELETE' });

    const count = async () => (await db.sql`select count(*)::int as n from invoices`)[0]!.n as number;
    await waitFor('both companies imported', async () => (await count()) === 2 * PER_COMPANY && (await running()).length === 0, output, 120);
    const [totals] = await db.sql`
      select count(*)::int as documents, count(distinct pagero_document_id)::int as distinct_ids,
             (select count(*)::int from invoices) as invoices, (select count(distinct document_id)::int from invoices) as invoiced_documents
      from documents`;
    assert.deepEqual({ ...totals }, { documents: 2 * PER_COMPANY, distinctIds: 2 * PER_COMPANY, invoices: 2 * PER_COMPANY, invoicedDocuments: 2 * PER_COMPANY });
    const runs = await db.sql`select status, imported, worker_process_id from sync_runs order by id`;
    assert.deepEqual(runs.map((r) => [r.status, r.imported]), [['succeeded', PER_COMPANY], ['succeeded', PER_COMPANY]]);
    assert.equal(new Set(runs.map((r) => r.workerProcessId)).size, 2, 'one company per worker');
    const listed = (await (await fetch(`${sandbox}/_sim/documents`)).json()) as { items: { isFetched: boolean; documentType?: string }[] };
    assert.ok(listed.items.filter((d) => d.documentType !== 'ApplicationResponse').length >= 2 * PER_COMPANY);

    // The session made on web 1 reads and writes on web 2 (CSRF token from a web 1 page)
    const list = await two.get('/invoices');
    assert.equal(list.status, 200);
    assert.match(list.text, /BULK-[12]-\d{7}/);
    await one.get('/settings/einvoicing');
    const sync = await one.at(web2!.url).post('/settings/einvoicing/syncs', {});
    assert.equal(sync.status, 303);
    assert.match((await two.get('/settings/einvoicing')).text, /Sync started for 2 companies\./);
    // Signing out on web 2 ends the session on web 1 too
    const session = one.cookie('apdesk_session');
    await two.get('/invoices');
    assert.equal((await two.post('/logout', {})).status, 303);
    const afterwards = await fetch(`${web1!.url}/invoices`, { redirect: 'manual', headers: { cookie: `apdesk_session=${session}` } });
    assert.equal(afterwards.status, 302);
  });
});
