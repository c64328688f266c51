/*
 * As root, the embedded PostgreSQL runs as the `postgres` OS user, which must be able to enter
 * every directory on the way to DATA_DIR. Under /root or a 0700 temp dir it cannot, and initdb
 * failed with a bare "Permission denied". We check first and stop with one sentence that names
 * the directory and the fix. (Mode bits only: owner, group or other; ACLs are not consulted.)
 */
import { statSync, type Stats } from 'node:fs';
import path from 'node:path';

export type Ids = { uid: number | null; gid: number | null };

/** The first directory on the way to `dir` that a process with `ids` may not enter, or null. */
export function firstBlockedDirectory(dir: string, ids: Ids, stat: (p: string) => Stats | null = safeStat): string | null {
  const target = path.resolve(dir);
  const parts = target.split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (let i = 0; i <= parts.length; i++) {
    if (i > 0) current = path.join(current, parts[i - 1]!);
    const st = stat(current);
    if (!st) return null; // does not exist yet: it will be created by us, as root, for postgres
    const bits = st.uid === ids.uid ? (st.mode >> 6) & 7 : st.gid === ids.gid ? (st.mode >> 3) & 7 : st.mode & 7;
    if ((bits & 1) === 0) return current;
  }
  return null;
}

function safeStat(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

export function unreachableDataDirMessage(dataDir: string, blocked: string): string {
  return `The embedded PostgreSQL runs as the postgres OS user, which cannot enter ${blocked} on the way to DATA_DIR (${path.resolve(dataDir)}): set DATA_DIR to a directory it can reach (for example /var/lib/apdesk), or set DATABASE_URL.`;
}
