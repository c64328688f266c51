/*
 * Plain SQL migrations from migrations/NNNN_name.sql, applied in name order, each once,
 * each in its own transaction. A session-level advisory lock makes two processes that
 * start together take turns: the second finds everything applied and does nothing.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './connection';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));
const LOCK_KEY = 7_311_001; // arbitrary, constant: "apdesk migrations"

export async function migrationFiles(dir = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
}

export async function migrate(sql: Sql, opts: { dir?: string; onApply?: (name: string) => void } = {}): Promise<string[]> {
  const dir = opts.dir ?? MIGRATIONS_DIR;
  const files = await migrationFiles(dir);
  const reserved = await sql.reserve();
  const applied: string[] = [];
  try {
    await reserved`select pg_advisory_lock(${LOCK_KEY})`;
    await reserved`
      create table if not exists schema_migrations (
        name text primary key,
        applied_at timestamptz not null default now()
      )`;
    const done = new Set((await reserved<{ name: string }[]>`select name from schema_migrations`).map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const text = await readFile(path.join(dir, file), 'utf8');
      await reserved.unsafe('begin');
      try {
        await reserved.unsafe(text);
        await reserved`insert into schema_migrations (name) values (${file})`;
        await reserved.unsafe('commit');
      } catch (error) {
        await reserved.unsafe('rollback');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(file);
      opts.onApply?.(file);
    }
  } finally {
    await reserved`select pg_advisory_unlock(${LOCK_KEY})`.catch(() => {});
    reserved.release();
  }
  return applied;
}
