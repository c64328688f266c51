/*
 * Starts apdesk exactly as a newcomer's `npm start` does (no DATABASE_URL: the embedded
 * PostgreSQL under DATA_DIR), then stops it the way a terminal or supervisor does.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/db/embedded';

const root = new URL('../..', import.meta.url).pathname;

type Started = { child: ChildProcess; output: () => string; url: string };

async function npmStart(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const sandboxPort = await freePort();
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), SANDBOX_PORT: String(sandboxPort), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extraEnv };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  for (const name of Object.keys(env)) if (name.startsWith('PAGERO_') || name === 'SMTP_URL') delete env[name];
  delete env.NODE_TEST_CONTEXT; // the child is an app, not a test runner
  const child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) return { child, output: () => output, url };
    await sleep(100);
  }
  throw new Error(`apdesk did not become healthy:\n${output}`);
}

/** Signals the whole process group (as Ctrl-C or a supervisor does) and waits until every process in it is gone. */
async function stop(started: Started, signal: NodeJS.Signals): Promise<{ ms: number }> {
  const t0 = Date.now();
  const group = -started.child.pid!;
  process.kill(group, signal);
  while (groupAlive(group)) {
    if (Date.now() - t0 > 15_000) {
      process.kill(group, 'SIGKILL');
      throw new Error(`apdesk did not stop within 15 s:\n${started.output()}`);
    }
    await sleep(50);
  }
  return { ms: Date.now() - t0 };
}

const groupAlive = (group: number) => {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
};

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
