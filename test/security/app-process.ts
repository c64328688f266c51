/*
 * apdesk's web process as a child process (as `npm start` runs it, in production mode against a
 * test database), for tests that measure the server itself: its memory, its start-up output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/db/embedded';

const root = new URL('../..', import.meta.url).pathname;

export type AppProcess = { child: ChildProcess; url: string; output: () => string; rssBytes(): number; stop(): Promise<void> };

export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'test-session-secret-0123456789abcdef0123456789',
  TOKEN_ENCRYPTION_KEY: '0'.repeat(64),
  PAGERO_AUTH_URL: 'http://127.0.0.1:9/oauth/v2',
  PAGERO_API_URL: 'http://127.0.0.1:9',
  PAGERO_CLIENT_ID: 'apdesk-test',
  PAGERO_CLIENT_SECRET: 'apdesk-test-secret',
  LOG_LEVEL: 'warn',
};

/** Runs src/server.tsx with `env` (nothing inherited but PATH and HOME) and returns its output once it exits. */
export function spawnServer(env: Record<string, string>): ChildProcess & { output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.tsx'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return Object.assign(child, { output: () => output, exited });
}

export async function startAppProcess(databaseUrl: string, env: Record<string, string> = {}, opts: { without?: string[] } = {}): Promise<AppProcess> {
  const port = await freePort();
  const full: Record<string, string> = { ...PRODUCTION_ENV, APDESK_ROLE: 'web', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', ...env };
  for (const name of opts.without ?? []) delete full[name];
  const child = spawnServer(full);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`apdesk exited during start:\n${child.output()}`);
    if (await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false)) break;
    if (i > 1200) throw new Error(`apdesk did not become healthy:\n${child.output()}`);
    await sleep(100);
  }
  return {
    child,
    url,
    output: child.output,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
      if (!kb) throw new Error('no VmRSS in /proc status');
      return kb * 1024;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await child.exited;
    },
  };
}
