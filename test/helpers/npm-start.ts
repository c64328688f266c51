/*
 * apdesk started exactly as a newcomer's `npm start` does (no DATABASE_URL: the embedded
 * PostgreSQL under DATA_DIR, the Pagero sandbox beside it), in its own process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/db/embedded';

const root = new URL('../..', import.meta.url).pathname;

/** `url` is the address people use (PUBLIC_URL, localhost): Pagero sends the browser back there. */
export type Started = { child: ChildProcess; output: () => string; url: string };

export async function npmStart(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Started> {
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
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) return { child, output: () => output, url };
    await sleep(100);
  }
  throw new Error(`apdesk did not become healthy:\n${output}`);
}

/** Signals the whole process group (as Ctrl-C or a supervisor does) and waits until every process in it is gone. */
export async function stop(started: Started, signal: NodeJS.Signals): Promise<{ ms: number }> {
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
