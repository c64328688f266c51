/*
 * A scale-out run on one machine (issue 19): N web and M worker processes of apdesk on one
 * PostgreSQL, plus the Pagero sandbox, as plain child processes. This is a development and
 * benchmark tool, not a production process manager: in production each process is its own
 * container or unit (README "Scaling out"); nothing here is needed for them to cooperate.
 *
 * - The database is DATABASE_URL, or the embedded PostgreSQL under DATA_DIR started here once
 *   for all processes. Migrations (ours and graphile-worker's) run here before any child starts.
 * - Every process gets the same secrets and PUBLIC_URL (the first web process's URL unless set):
 *   a session made on one web process is valid on the others, and E-invoicing Login comes back
 *   to PUBLIC_URL whichever process started it.
 * - A child that dies is started again after a second (`restart: false` to leave it dead).
 * - stop() sends SIGTERM to every child, waits for them, then stops the embedded database;
 *   stopProcess() does so for one child, which is then not started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runMigrations, Logger as WorkerLogger } from 'graphile-worker';
import { createSql } from '../db/connection';
import { freePort, startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded';
import { migrate } from '../db/migrate';
import { localSecrets } from '../local-secrets';
import type { Logger } from '../logger';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../pagero-sandbox/seed-demo';

const root = new URL('../..', import.meta.url).pathname;

export type ClusterOptions = {
  web: number;
  worker: number;
  /** The first web process's port; the others follow it, then the workers' (health and metrics only). 0: any free ports. */
  basePort: number;
  /** Run the Pagero sandbox on this port (0: none; PAGERO_* from env are then passed on). */
  sandboxPort: number;
  /** SANDBOX_BULK for the sandbox, e.g. 5x10000. */
  sandboxBulk?: string;
  env: Record<string, string | undefined>;
  log: Logger;
  restart?: boolean;
  /** Each child's output line by line, prefixed with its name (default: this process's stdout). */
  output?: (name: string, line: string) => void;
  /** Extra Node flags for worker processes (e.g. --cpu-prof). */
  workerNodeArgs?: string[];
  /** Extra Node flags for web processes (e.g. --cpu-prof). */
  webNodeArgs?: string[];
};

export type ClusterProcess = { name: string; role: 'web' | 'worker' | 'sandbox'; port: number; url: string; child: ChildProcess; starts: number };

export type Cluster = {
  databaseUrl: string;
  publicUrl: string;
  sandboxUrl: string | null;
  processes: ClusterProcess[];
  webs: ClusterProcess[];
  workers: ClusterProcess[];
  /** Resolves when every web process answers /healthz and every worker has a heartbeat row. */
  ready(): Promise<void>;
  /** The embedded PostgreSQL only: stops it, waits downMs, starts it again on the same port (a fault to survive). */
  restartDatabase?: (downMs: number) => Promise<void>;
  /** The embedded PostgreSQL only: stops it (fast shutdown: every session is ended). */
  stopDatabase?: () => Promise<void>;
  /** The embedded PostgreSQL only: starts it again on the same port. */
  startDatabase?: () => Promise<void>;
  /** Stops one child for good (SIGTERM, SIGKILL after 15 s): it is not started again. */
  stopProcess(p: ClusterProcess): Promise<void>;
  stop(): Promise<void>;
};

/** Node flags of `npm start`, so each process runs as it would in production. */
export function startNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(' ').slice(1);
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const { env, log } = opts;
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = env.DATABASE_URL;
  const dataDir = env.DATA_DIR ?? './.data';
  const stored = !env.SESSION_SECRET || !env.TOKEN_ENCRYPTION_KEY || !databaseUrl ? await localSecrets(dataDir) : null;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir, password: stored!.databasePassword, log });
    databaseUrl = embedded.url;
  }
  const embeddedPort = embedded ? Number(new URL(databaseUrl).port) : 0;
  const sql = createSql(databaseUrl, 2);
  try {
    await migrate(sql);
    await runMigrations({ connectionString: databaseUrl, logger: new WorkerLogger(() => () => {}) });
  } finally {
    await sql.end({ timeout: 5 });
  }

  let port = opts.basePort;
  const ports = await Promise.all(Array.from({ length: opts.web + opts.worker }, () => (opts.basePort ? port++ : freePort())));
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${ports[0] ?? opts.basePort}`).replace(/\/+$/, '');
  const sandboxUrl = opts.sandboxPort ? `http://127.0.0.1:${opts.sandboxPort}` : null;
  const shared: Record<string, string | undefined> = {
    ...env,
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: env.SESSION_SECRET ?? stored!.sessionSecret,
    TOKEN_ENCRYPTION_KEY: env.TOKEN_ENCRYPTION_KEY ?? stored!.tokenEncryptionKey,
    PUBLIC_URL: publicUrl,
    ...(sandboxUrl
      ? {
          PAGERO_AUTH_URL: `${sandboxUrl}/oauth/v2`,
          PAGERO_API_URL: sandboxUrl,
          PAGERO_CLIENT_ID: DEMO_CLIENT_ID,
          PAGERO_CLIENT_SECRET: DEMO_CLIENT_SECRET,
          PAGERO_SEND_MODE: env.PAGERO_SEND_MODE ?? 'Test',
        }
      : {}),
  };
  delete shared.NODE_TEST_CONTEXT;

  const processes: ClusterProcess[] = [];
  const retired = new Set<ClusterProcess>();
  let stopping = false;
  const write = opts.output ?? ((name: string, line: string) => process.stdout.write(`[${name}] ${line}\n`));
  const launch = (p: Omit<ClusterProcess, 'child' | 'starts'>, args: string[], childEnv: Record<string, string | undefined>): ClusterProcess => {
    const entry = p as ClusterProcess;
    entry.starts = 0;
    const start = () => {
      entry.starts += 1;
      const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      entry.child = child;
      for (const stream of [child.stdout!, child.stderr!]) {
        let rest = '';
        stream.on('data', (chunk: Buffer) => {
          const lines = (rest + chunk.toString('utf8')).split('\n');
          rest = lines.pop()!;
          for (const line of lines) write(p.name, line);
        });
      }
      child.once('exit', (code, signal) => {
        if (stopping || retired.has(entry)) return;
        log.warn({ process: p.name, code, signal }, `${p.name} exited`);
        if (opts.restart !== false) setTimeout(() => !stopping && start(), 1000).unref();
      });
    };
    start();
    processes.push(entry);
    return entry;
  };

  if (sandboxUrl) {
    launch({ name: 'sandbox', role: 'sandbox', port: opts.sandboxPort, url: sandboxUrl }, ['--import', 'tsx', 'src/pagero-sandbox/main.ts'], {
      ...env,
      NODE_TEST_CONTEXT: undefined,
      SANDBOX_PORT: String(opts.sandboxPort),
      SANDBOX_REDIRECT_URIS: `${publicUrl}/einvoicing/callback`,
      SANDBOX_BULK: opts.sandboxBulk ?? env.SANDBOX_BULK,
    });
    await waitUntil(`the sandbox at ${sandboxUrl}`, () => ok(`${sandboxUrl}/_sim/state`), 120);
  }
  const nodeArgs = startNodeArgs();
  const webs = Array.from({ length: opts.web }, (_, i) => {
    const p = ports.shift()!;
    return launch({ name: `web${i + 1}`, role: 'web', port: p, url: `http://127.0.0.1:${p}` }, [...(opts.webNodeArgs ?? []), ...nodeArgs], { ...shared, APDESK_ROLE: 'web', PORT: String(p) });
  });
  const workers = Array.from({ length: opts.worker }, (_, i) => {
    const p = ports.shift()!;
    return launch({ name: `worker${i + 1}`, role: 'worker', port: p, url: `http://127.0.0.1:${p}` }, [...(opts.workerNodeArgs ?? []), ...nodeArgs], {
      ...shared,
      APDESK_ROLE: 'worker',
      PORT: String(p),
    });
  });

  const stopDatabase = async () => {
    await embedded!.stop();
  };
  const startDatabase = async () => {
    embedded = await startEmbeddedDatabase({ dataDir, password: stored!.databasePassword, log, port: embeddedPort });
  };

  return {
    databaseUrl,
    publicUrl,
    sandboxUrl,
    processes,
    webs,
    workers,
    async ready() {
      for (const p of [...webs, ...workers]) await waitUntil(`${p.name} at ${p.url}`, () => ok(`${p.url}/healthz`), 120);
      const check = createSql(databaseUrl, 1);
      try {
        const pids = () => new Set(workers.map((w) => w.child.pid));
        await waitUntil('every worker heartbeat', async () => {
          const rows = await check<{ pid: number }[]>`select pid from worker_processes where seen_at > now() - interval '30 seconds'`;
          const live = pids();
          return rows.filter((r) => live.has(r.pid)).length >= workers.length;
        }, 120);
      } finally {
        await check.end({ timeout: 5 });
      }
    },
    restartDatabase: embedded
      ? async (downMs: number) => {
          await stopDatabase();
          await new Promise((r) => setTimeout(r, downMs));
          await startDatabase();
        }
      : undefined,
    stopDatabase: embedded ? stopDatabase : undefined,
    startDatabase: embedded ? startDatabase : undefined,
    async stopProcess(p) {
      retired.add(p);
      await terminate([p]);
    },
    async stop() {
      stopping = true;
      await terminate(processes);
      await embedded?.stop();
    },
  };
}

/** SIGTERM (each process shuts down gracefully), SIGKILL for those still running after 15 s. */
async function terminate(processes: ClusterProcess[]) {
  const exits = processes.map((p) =>
    p.child.exitCode !== null || p.child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => p.child.once('exit', () => resolve())),
  );
  for (const p of processes) p.child.kill('SIGTERM');
  const killer = setTimeout(() => processes.forEach((p) => p.child.kill('SIGKILL')), 15_000);
  await Promise.all(exits);
  clearTimeout(killer);
}

async function ok(url: string) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function waitUntil(what: string, check: () => Promise<boolean>, seconds: number) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}
