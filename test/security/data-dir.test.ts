/*
 * Issue 13 item 16: as root, a DATA_DIR the postgres OS user cannot enter (a 0700 temp dir, /root)
 * stops apdesk at start with one sentence naming the directory and the fix, instead of initdb's
 * "Permission denied".
 */
import assert from 'node:assert/strict';
import type { Stats } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from '../../src/db/embedded';
import { firstBlockedDirectory } from '../../src/db/reachable';
import { spawnServer } from './app-process';

const dirStat = (mode: number, uid = 0, gid = 0) => ({ mode: 0o040000 | mode, uid, gid }) as Stats;

describe('a DATA_DIR the postgres user cannot reach (issue 13 item 16)', () => {
  it('finds the first directory on the way that postgres may not enter', () => {
    const tree: Record<string, Stats> = {
      '/': dirStat(0o755),
      '/root': dirStat(0o700),
      '/root/apdesk': dirStat(0o755),
      '/srv': dirStat(0o755),
      '/srv/apdesk': dirStat(0o750, 0, 114),
      '/srv/apdesk/pg': dirStat(0o700, 113, 114),
    };
    const lookup = (p: string) => tree[p] ?? null;
    const postgres = { uid: 113, gid: 114 };
    assert.equal(firstBlockedDirectory('/root/apdesk/pg', postgres, lookup), '/root');
    assert.equal(firstBlockedDirectory('/srv/apdesk/pg', postgres, lookup), null, 'group bits let postgres in, its own dir is its own');
    assert.equal(firstBlockedDirectory('/srv/apdesk/pg', { uid: null, gid: null }, lookup), '/srv/apdesk', 'before the user exists only "other" counts');
    assert.equal(firstBlockedDirectory('/srv/new/pg', postgres, lookup), null, 'a directory still to be created is not blocked');
  });

  it('stops the real server at start with one sentence naming the directory and the fix', { skip: process.getuid?.() !== 0 && 'needs root', timeout: 120_000 }, async (t) => {
    const locked = await mkdtemp(path.join(tmpdir(), 'apdesk-0700-'));
    t.after(() => rm(locked, { recursive: true, force: true }));
    assert.equal((await stat(locked)).mode & 0o777, 0o700);
    const child = spawnServer({ NODE_ENV: 'development', DATA_DIR: path.join(locked, 'data'), PORT: String(await freePort()), SANDBOX_PORT: String(await freePort()), LOG_LEVEL: 'silent' });
    t.after(() => void (child.exitCode === null && child.kill('SIGKILL')));
    assert.equal(await child.exited, 1);
    assert.match(
      child.output(),
      new RegExp(`apdesk could not start: The embedded PostgreSQL runs as the postgres OS user, which cannot enter ${locked} on the way to DATA_DIR \\(${locked}/data\\): set DATA_DIR to a directory it can reach \\(for example /var/lib/apdesk\\), or set DATABASE_URL\\.`),
    );
  });
});
