/*
 * A reserved connection (sql.reserve(), the sync's lock connection) that PostgreSQL closes while it is
 * reserved, as a restart does: through src/db/postgres.ts its handle fails at once and its release()
 * leaves the pool whole. Unpatched (postgres.js 3.4.9), release() put the socketless connection back as
 * open: a pool of one then failed its next query and hung on every later one.
 * The backend is ended with pg_terminate_backend from a second pool; no real restart is needed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSql, type Sql } from '../../src/db/connection';
import { isConnectionError } from '../../src/db/health';
import { patchIndexSource } from '../../src/db/postgres';
import { useTestDatabase } from '../helpers/database';

/** Unpatched, these tests hang: the timeout turns a hang into a failure. */
const HANG = { timeout: 10_000 };

describe('a reserved connection closed while reserved', () => {
  const t = useTestDatabase({ migrated: false });
  let admin: Sql;
  const pools: Sql[] = [];
  const pool = (max: number) => {
    const sql = createSql(t.db.url, max);
    pools.push(sql);
    return sql;
  };

  before(() => {
    admin = createSql(t.db.url, 1);
  });
  after(async () => {
    await Promise.all(pools.map((sql) => sql.end({ timeout: 0.1 })));
    await admin.end({ timeout: 1 });
  });

  /** Ends the backend behind `reserved` and waits until it is gone and its socket has closed. */
  const terminate = async (pid: number) => {
    await admin`select pg_terminate_backend(${pid})`;
    while ((await admin`select 1 from pg_stat_activity where pid = ${pid}`).length) await sleep(10);
    await sleep(100);
  };
  const pidOf = async (reserved: Sql) => (await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
  /** Queries with parameters (an unprepared one moves a connection to postgres.js's `full` queue) and without. */
  const works = async (sql: Sql) => {
    for (let i = 0; i < 4; i++) {
      const [row] = await sql<{ n: number; text: string }[]>`select ${i}::int as n, ${`q${i}`}::text as text`;
      assert.deepEqual({ ...row }, { n: i, text: `q${i}` });
      assert.equal((await sql<{ one: number }[]>`select 1 as one`)[0]!.one, 1);
    }
  };

  it('release() does not put the closed connection back in the pool: every later query works', HANG, async () => {
    const sql = pool(1);
    const reserved = await sql.reserve();
    await terminate(await pidOf(reserved));
    reserved.release();
    await works(sql);
  });

  it('a query on the handle after the close fails with a connection error, and the pool works after release()', HANG, async () => {
    const sql = pool(1);
    const reserved = await sql.reserve();
    await terminate(await pidOf(reserved));
    const unlock = await reserved`select pg_advisory_unlock(${1}, ${2}::int)`.then(() => null, (e: unknown) => e);
    assert.ok(isConnectionError(unlock), `a connection error: ${String(unlock)}`);
    reserved.release();
    await works(sql);
  });

  it('the handle never runs a query on the session the pool opened in its place', HANG, async () => {
    const sql = pool(1);
    const reserved = await sql.reserve();
    const [{ locked }] = (await reserved`select pg_try_advisory_lock(${1}, ${3}::int) as locked`) as unknown as [{ locked: boolean }];
    assert.equal(locked, true);
    const waiting = sql<{ x: string }[]>`select 'waited' as x`; // queued: the only connection is reserved
    await terminate(await pidOf(reserved)); // the pool reconnects it at once for the waiting query
    // Unpatched, this unlock ran on the new session and answered false, as if nothing were wrong
    const unlock = await reserved`select pg_advisory_unlock(${1}, ${3}::int) as unlocked`.then((rows) => rows, (e: unknown) => e);
    assert.ok(isConnectionError(unlock), `a connection error, not ${JSON.stringify(unlock)}`);
    assert.equal((await waiting)[0]!.x, 'waited');
    reserved.release();
    await works(sql);
  });

  it('a query waiting on the handle behind a running one settles when the connection closes', HANG, async () => {
    const sql = pool(2);
    const reserved = await sql.reserve();
    const pid = await pidOf(reserved);
    // A query with parameters not yet prepared fills the connection's pipeline: the next one waits in the handle's queue
    const running = reserved`select pg_sleep(${30}::int) as slept`.then(() => null, (e: unknown) => e);
    const waiting = reserved`select 1 as one`.then(() => null, (e: unknown) => e);
    while ((await admin`select 1 from pg_stat_activity where pid = ${pid} and query like 'select pg_sleep%'`).length === 0) await sleep(10);
    await terminate(pid);
    assert.ok(isConnectionError(await running), String(await running));
    assert.ok(isConnectionError(await waiting), `the waiting query fails too: ${String(await waiting)}`);
    reserved.release();
    await works(sql);
  });

  it('says what to do when a postgres.js release no longer has the lines it patches', () => {
    assert.throws(() => patchIndexSource('sql.release = () => { c.reserved = null; onopen(c) }', '9.9.9'), /postgres\.js 9\.9\.9 .*reserved connection.*remove src\/db\/postgres\.ts or update its patch/);
  });
});
