/*
 * postgres.js, with the fix for a crash when PostgreSQL restarts. Import postgres.js from here, never
 * from 'postgres' directly (types may still come from 'postgres': `import type`).
 *
 * The bug (postgres 3.4.9, porsager/postgres#1154, fixes proposed in #1176 and #1209, not released):
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
 *
 * The fix, as in #1209: nextWrite on a closed connection fails its queries with CONNECTION_CLOSED
 * (a catchable error) instead of throwing; a closing socket drops what was waiting to be written
 * to it; and once a close has failed the connection's queries, their state is cleared as
 * ReadyForQuery clears it. It is applied to postgres.js's own source as it loads (its CommonJS build, loaded here and
 * nowhere else), so nothing in node_modules is changed and no install step is needed. When a release
 * no longer has the lines patched here, loading stops with a sentence saying so: then check whether
 * the release fixes #1154 and remove this module, or update it.
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

/** postgres.js's connection.js with the patches applied; throws when a patched line is not there. */
export function patchConnectionSource(source: string, version: string): string {
  let patched = source;
  for (const p of PATCHES) {
    const at = patched.indexOf(p.from);
    if (at === -1 || patched.indexOf(p.from, at + 1) !== -1) {
      throw new Error(
        `postgres.js ${version} no longer has the code src/db/postgres.ts patches (${p.what}, porsager/postgres#1154): check whether this release fixes that crash, then remove src/db/postgres.ts or update its patch.`,
      );
    }
    patched = patched.slice(0, at) + p.to + patched.slice(at + p.from.length);
  }
  return patched;
}

function load(): typeof PostgresModule {
  const require = createRequire(import.meta.url);
  const indexFile = require.resolve('postgres'); // the CommonJS build: .../postgres/cjs/src/index.js
  const dir = path.dirname(indexFile);
  const connectionFile = path.join(dir, 'connection.js');
  const { version } = JSON.parse(readFileSync(path.join(dir, '../../package.json'), 'utf8')) as { version: string };
  if (require.cache[connectionFile]) throw new Error(`postgres.js's connection.js was loaded before src/db/postgres.ts could patch it`);
  const source = patchConnectionSource(readFileSync(connectionFile, 'utf8'), version);
  // Compiled as Node compiles a CommonJS file, and put in require's cache (documented: entries may be
  // added), so index.js's require('./connection.js') finds the patched module.
  const mod = new Module(connectionFile);
  mod.filename = connectionFile;
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: connectionFile });
  wrapper.call(mod.exports, mod.exports, createRequire(connectionFile), mod, connectionFile, dir);
  mod.loaded = true;
  require.cache[connectionFile] = mod;
  return require('postgres') as typeof PostgresModule;
}

const postgres = load();
export default postgres;
