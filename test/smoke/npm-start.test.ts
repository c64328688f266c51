/*
 * Starts apdesk exactly as a newcomer's `npm start` does (no DATABASE_URL: the embedded
 * PostgreSQL under DATA_DIR), then stops it the way a terminal or supervisor does.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { npmStart, stop } from '../helpers/npm-start';


const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start on a fresh machine', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'apdesk-smoke-'));
    await chmod(dataDir, 0o755);
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts on the embedded database, answers /healthz, and stops cleanly on SIGTERM within 10 s', async () => {
    const started = await npmStart(dataDir);
    const health = (await (await fetch(`${started.url}/healthz`)).json()) as { database: { state: string } };
    assert.equal(health.database.state, 'up');
    assert.match(started.output(), /initialising the embedded PostgreSQL data directory/);
    assert.match(started.output(), /apdesk first sign-in: admin@apdesk\.local \/ \S{16}/);
    const login = await fetch(`${started.url}/login`);
    assert.equal(login.status, 200);
    assert.match(started.output(), /Pagero sandbox at http:\/\/127\.0\.0\.1:\d+; its demo users for E-invoicing Login:\n\s+anna\.rossi \/ anna-demo/);

    const pgPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    assert.ok(isAlive(pgPid));
    const { ms } = await stop(started, 'SIGTERM');
    assert.ok(ms < 10_000, `stopped in ${ms} ms`);
    assert.match(started.output(), /"outcome":"clean","msg":"stopped"/);
    assert.ok(!isAlive(pgPid), 'the embedded PostgreSQL is not left behind');
    assert.ok(!existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'PostgreSQL shut down cleanly');
  });

  it('reuses the data directory on the second start, keeps the users, and stops on SIGINT', async () => {
    const started = await npmStart(dataDir);
    assert.doesNotMatch(started.output(), /initialising the embedded PostgreSQL data directory/);
    assert.doesNotMatch(started.output(), /first sign-in/);
    await stop(started, 'SIGINT');
    assert.match(started.output(), /"outcome":"clean","msg":"stopped"/);
  });

  it('recovers after the app was killed with SIGKILL, leaving no second server', async () => {
    const first = await npmStart(dataDir);
    const pgPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(-first.child.pid!, 'SIGKILL');
    await sleep(300);
    const second = await npmStart(dataDir);
    assert.match(second.output(), /stopping an embedded PostgreSQL left running by an earlier process/);
    assert.ok(!isAlive(pgPid));
    await stop(second, 'SIGTERM');
    assert.match(second.output(), /"outcome":"clean","msg":"stopped"/);
  });
});
