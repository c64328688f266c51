/* A real apdesk worker process (APDESK_ROLE=worker) against a test database and sandbox, for tests that kill it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/db/embedded';
import type { TestDatabase } from './database';
import { CLIENT, type PageroPair } from './pagero';

const root = new URL('../..', import.meta.url).pathname;

export async function startWorker(db: TestDatabase, pair: PageroPair, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> {
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
    ...extraEnv,
  };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.tsx'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

export async function waitFor(what: string, check: () => Promise<boolean>, output: () => string, seconds = 60) {
  for (let i = 0; i < seconds * 10; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}:\n${output().slice(-3000)}`);
}
