/*
 * postgres.js through src/db/postgres.ts survives a PostgreSQL restart (porsager/postgres#1154): a
 * transaction cut by the restart fails with a connection error instead of crashing the process from
 * a timer, and every connection of the pool works once PostgreSQL is back. A private embedded
 * PostgreSQL of this file's own is stopped (fast shutdown) and started again on the same port.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createSql, type Sql } from '../../src/db/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { isConnectionError } from '../../src/db/health';
import { patchConnectionSource } from '../../src/db/postgres';
import { createLogger } from '../../src/logger';

const root = new URL('../..', import.meta.url).pathname;

describe('postgres.js and a PostgreSQL restart', () => {
  let dataDir: string;
  let db: EmbeddedDatabase;
  let port: number;
  let sql: Sql;
  const start = async () => {
    db = await startEmbeddedDatabase({ dataDir, password: 'restart-test', log: createLogger('silent'), database: 'postgres', port });
    port = Number(new URL(db.url).port);
  };

  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'apdesk-pg-restart-'));
    await chmod(dataDir, 0o755); // the server runs as the postgres OS user when we are root
    await start();
    sql = createSql(db.url, 4);
  });

  after(async () => {
    await sql?.end({ timeout: 1 });
    await db?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('a transaction cut by the restart fails with a connection error, the process lives on, the pool works afterwards', async () => {
    const cut = sql
      .begin(async (tx) => {
        await tx`select pg_sleep(60)`;
      })
      .then(() => null, (e: unknown) => e);
    const sleeping = async () => (await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where query = 'select pg_sleep(60)' and state = 'active'`)[0]!.n;
    while ((await sleeping()) === 0) await nextTurn();

    await db.stop(); // fast shutdown: PostgreSQL ends every session
    const error = await cut;
    assert.ok(isConnectionError(error), `the transaction fails with a connection error: ${String(error)}`);
    // Unpatched, postgres.js writes the transaction's ROLLBACK to the closed connection on a later
    // turn of the event loop and throws there, where nothing can catch it: the test process dies.
    for (let i = 0; i < 20; i++) await nextTurn();

    await start();
    // the first query on the connection the restart cut (unpatched: it failed with that connection's stale error)
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    assert.equal(row!.one, 1);
    // every connection of the pool, at once
    const pids = await Promise.all(Array.from({ length: 4 }, () => sql.begin(async (tx) => (await tx<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(0.05)`)[0]!.pid)));
    assert.equal(new Set(pids).size, 4);
  });

  it('says what to do when a postgres.js release no longer has the lines it patches', () => {
    assert.throws(() => patchConnectionSource('function nextWrite(fn) { return socket && socket.write(chunk, fn) }', '9.9.9'), /postgres\.js 9\.9\.9 .*porsager\/postgres#1154.*remove src\/db\/postgres\.ts or update its patch/);
  });

  it('the code loads postgres.js only through src/db/postgres.ts', async () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'jobs', 'bench', 'test']) {
      for (const file of await readdir(path.join(root, dir), { recursive: true })) {
        if (!/\.tsx?$/.test(file)) continue;
        const text = await readFile(path.join(root, dir, file), 'utf8');
        if (/^import\s+(?!type\b)[^;]*from\s+['"]postgres['"]/m.test(text) || /import\(\s*['"]postgres['"]\s*\)|require\(\s*['"]postgres['"]\s*\)/.test(text.replace(/\/\/.*$/gm, ''))) {
          if (path.join(dir, file) !== path.join('src', 'db', 'postgres.ts')) offenders.push(path.join(dir, file));
        }
      }
    }
    assert.deepEqual(offenders, [], 'import postgres.js from src/db/postgres.ts (the fix for porsager/postgres#1154)');
  });
});
