/*
 * A worker process killed with SIGKILL halfway through a sync loses nothing and creates
 * nothing twice: the restarted worker finishes the job.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/db/embedded';
import { enqueueCompanySync } from '../../src/sync/enqueue';
import type { TestDatabase } from '../helpers/database';
import { CLIENT, useSandboxPair, type PageroPair } from '../helpers/pagero';
import { sim } from '../helpers/sim';
import { companyWithInvoices, simDocuments } from './helpers';

const root = new URL('../..', import.meta.url).pathname;

async function startWorker(db: TestDatabase, pair: PageroPair): Promise<{ child: ChildProcess; output: () => string }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    APDESK_ROLE: 'worker',
    PORT: String(await freePort()),
    DATABASE_URL: db.url,
    SESSION_SECRET: pair.app.config.SESSION_SECRET,
    TOKEN_ENCRYPTION_KEY: pair.app.config.TOKEN_ENCRYPTION_KEY,
    PAGERO_AUTH_URL: pair.app.config.pagero.authUrl,
    PAGERO_API_URL: pair.app.config.pagero.apiUrl,
    PAGERO_CLIENT_ID: CLIENT.id,
    PAGERO_CLIENT_SECRET: CLIENT.secret,
    PUBLIC_URL: pair.app.config.publicUrl,
    SYNC_INTERVAL: '60',
    LOG_LEVEL: 'info',
  };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.tsx'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitFor(what: string, check: () => Promise<boolean>, output: () => string, seconds = 60) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}:\n${output().slice(-3000)}`);
}

describe('a worker killed during a sync', () => {
  const t = useSandboxPair({}, { seedDemo: false });

  it('loses nothing and creates nothing twice after a SIGKILL and a restart', async () => {
    const company = await companyWithInvoices(t.pair, t.db.sql, { count: 200 });
    await t.db.sql`delete from graphile_worker._private_jobs`; // the login's first sync is run by our worker below instead
    await sim(t.pair.sandbox.url, '/faults', { match: { pathRegex: '/targetdocument$' }, times: null, respond: { type: 'delay', ms: 15 } });
    await enqueueCompanySync(t.db.sql, company.companyId, 'manual');
    const count = async () => (await t.db.sql`select count(*)::int as n from invoices where company_id = ${company.companyId}`)[0]!.n as number;

    const first = await startWorker(t.db, t.pair);
    await waitFor('the first worker to import part of the company', async () => (await count()) >= 50, first.output);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const atKill = await count();
    assert.ok(atKill < 200, `killed halfway (${atKill} imported)`);

    await fetch(`${t.pair.sandbox.url}/_sim/faults`, { method: 'DELETE' });
    // graphile-worker frees a dead worker's locked job after its lock times out; a new request queues a fresh one
    await enqueueCompanySync(t.db.sql, company.companyId, 'manual');
    const second = await startWorker(t.db, t.pair);
    try {
      await waitFor('the restarted worker to finish', async () => (await simDocuments(t.pair, company.pageroCompanyId)).fetched === 200 && (await count()) === 200, second.output, 90);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
    assert.equal(await count(), 200);
    const twice = await t.db.sql`select pagero_document_id from documents where company_id = ${company.companyId} group by 1 having count(*) > 1`;
    assert.equal(twice.length, 0);
    const runs = await t.db.sql`select status from sync_runs where company_id = ${company.companyId} order by id`;
    assert.equal(runs.at(-1)!.status, 'succeeded');
    assert.equal(runs[0]!.status, 'failed', 'the killed run is closed as failed, not left running');
  });
});
