/*
 * postgres.js, with fixes for what a PostgreSQL restart does to it. Import postgres.js from here, never
 * from 'postgres' directly (types may still come from 'postgres': `import type`).
 *
 * 1. connection.js (postgres 3.4.9, porsager/postgres#1154, fixes proposed in #1176 and #1209, not released):
 * a write of less than 1 KB is sent on the next turn of the event loop (setImmediate(nextWrite)). When
 * the connection's socket closed in between, `socket` is null and nextWrite throws
 * `TypeError: Cannot read properties of null (reading 'write')` from a timer, where no caller can
 * catch it: the process dies. A PostgreSQL restart triggers it every time: a transaction (sql.begin)
 * whose connection is cut writes its ROLLBACK to the dead connection. And a write still waiting when a
 * socket closed stayed queued (its timer cancelled but not cleared), so the connection's next
 * start-up message was never sent: that connection hung until connect_timeout on every later use.
 * And a query cut by the restart stayed the connection's current query, with PostgreSQL's last
 * error ("terminating connection due to administrator command"): the first query on the new
 * connection was answered with that stale error.
 * The fix, as in #1209: nextWrite on a closed connection fails its queries with CONNECTION_CLOSED
 * (a catchable error) instead of throwing; a closing socket drops what was waiting to be written
 * to it; and once a close has failed the connection's queries, their state is cleared as
 * ReadyForQuery clears it.
 *
 * 2. index.js, sql.reserve() (3.4.9; the sync's lock connection): when a reserved connection closes,
 * the pool takes it back (its `closed` queue, or at once reconnecting it for a waiting query), but the
 * reserved handle still sends its queries to it, and release() put it in the `open` queue regardless.
 * So after a restart cut a sync's lock connection, its unlock was written to a connection without a
 * socket (failing, and staying that connection's current query), and release() gave the pool a
 * connection without a socket that nothing reconnects: every query the pool handed it failed with
 * CONNECTION_CLOSED, reported with the stale unlock's text and stack, and once such a query moved it to
 * the `full` queue it was never used again (a pool of one hangs). When the pool was instead
 * reconnecting it for a waiting query, the handle's next query ran on that new session (an unlock
 * "succeeding" where no lock was held). A query queued on the handle (pipeline full) when it closed
 * never settled.
 * The fix: a reserved handle whose connection closed (or that was released) fails its queries with
 * CONNECTION_CLOSED at once, queued ones included, and its release() gives nothing back to the pool.
 *
 * Both are applied to postgres.js's own source as it loads (its CommonJS build, loaded here and nowhere
 * else), so nothing in node_modules is changed and no install step is needed. When a release no longer
 * has the lines patched here, loading stops with a sentence saying so: then check whether the release
 * fixes these and remove this module, or update it.
 */
import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import type PostgresModule from 'postgres';

type Patch = { what: string; from: string; to: string };

const PATCHES: Patch[] = [
  {
    what: 'nextWrite on a closed connection',
    from: `  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)`,
    to: `  function nextWrite(fn) {\n    if (socket === null) { /* apdesk: porsager/postgres#1154 */\n      nextWriteTimer !== null && clearImmediate(nextWriteTimer)\n      chunk = nextWriteTimer = null\n      error(Errors.connection('CONNECTION_CLOSED', options))\n      return false\n    }\n    const x = socket.write(chunk, fn)`,
  },
  {
    what: 'closed() with a write waiting',
    from: `    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)`,
    to: `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null /* apdesk: porsager/postgres#1154 */\n    socket.removeListener('data', data)`,
  },
  {
    what: 'closed() leaving the failed query behind',
    from: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n`,
    to: `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n    query = results = errorResponse = null, result = new Result(), rows = 0 /* apdesk: porsager/postgres#1154 */\n`,
  },
];

const INDEX_PATCHES: Patch[] = [
  {
    what: 'release() of a reserved connection that closed',
    from: `    c.reserved.release = true\n\n    const sql = Sql(handler)\n    sql.release = () => {\n      c.reserved = null\n      onopen(c)\n    }\n\n    return sql\n\n    function handler(q) {\n      c.queue === full`,
    to: `    c.reserved.release = true\n    const mine = c.reserved /* apdesk: a reserved connection that closed */\n    mine.closed = e => { while (queue.length) queue.shift().reject(e) }\n\n    const sql = Sql(handler)\n    sql.release = () => {\n      if (c.reserved !== mine) return\n      c.reserved = null\n      onopen(c)\n    }\n\n    return sql\n\n    function handler(q) {\n      if (c.reserved !== mine) return q.reject(Errors.connection('CONNECTION_CLOSED', options))\n      c.queue === full`,
  },
  {
    what: 'onclose() of a reserved connection',
    from: `    move(c, closed)\n    c.reserved = null\n`,
    to: `    move(c, closed)\n    c.reserved && c.reserved.closed && c.reserved.closed(e) /* apdesk: a reserved connection that closed */\n    c.reserved = null\n`,
  },
];

function applyPatches(source: string, patches: Patch[], version: string, issue: string): string {
  let patched = source;
  for (const p of patches) {
    const at = patched.indexOf(p.from);
    if (at === -1 || patched.indexOf(p.from, at + 1) !== -1) {
      throw new Error(
        `postgres.js ${version} no longer has the code src/db/postgres.ts patches (${p.what}, ${issue}): check whether this release fixes it, then remove src/db/postgres.ts or update its patch.`,
      );
    }
    patched = patched.slice(0, at) + p.to + patched.slice(at + p.from.length);
  }
  return patched;
}

/** postgres.js's connection.js with the patches applied; throws when a patched line is not there. */
export function patchConnectionSource(source: string, version: string): string {
  return applyPatches(source, PATCHES, version, 'porsager/postgres#1154');
}

/** postgres.js's index.js with the patches applied; throws when a patched line is not there. */
export function patchIndexSource(source: string, version: string): string {
  return applyPatches(source, INDEX_PATCHES, version, 'a reserved connection that closed');
}

/** Compiled as Node compiles a CommonJS file, and put in require's cache (documented: entries may be added). */
function preload(file: string, source: string) {
  const mod = new Module(file);
  mod.filename = file;
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return mod;
}

function load(): typeof PostgresModule {
  const require = createRequire(import.meta.url);
  const indexFile = require.resolve('postgres'); // the CommonJS build: .../postgres/cjs/src/index.js
  const dir = path.dirname(indexFile);
  const connectionFile = path.join(dir, 'connection.js');
  const { version } = JSON.parse(readFileSync(path.join(dir, '../../package.json'), 'utf8')) as { version: string };
  if (require.cache[connectionFile] || require.cache[indexFile]) throw new Error(`postgres.js was loaded before src/db/postgres.ts could patch it`);
  const connectionSource = patchConnectionSource(readFileSync(connectionFile, 'utf8'), version);
  const indexSource = patchIndexSource(readFileSync(indexFile, 'utf8'), version);
  // connection.js first: index.js's require('./connection.js') finds the patched module in the cache
  require.cache[connectionFile] = preload(connectionFile, connectionSource);
  require.cache[indexFile] = preload(indexFile, indexSource);
  return require('postgres') as typeof PostgresModule;
}

const postgres = load();
export default postgres;
