import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { createSql } from '../../src/db/connection';
import { migrate, migrationFiles } from '../../src/db/migrate';
import { useTestDatabase } from '../helpers/database';

const root = new URL('../..', import.meta.url).pathname;

function runMigrateProcess(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/db/migrate-cli.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('migrations', () => {
  const first = useTestDatabase({ migrated: false });
  const second = useTestDatabase({ migrated: false });

  it('are applied once when two processes start together', async () => {
    const files = await migrationFiles();
    const [a, b] = await Promise.all([runMigrateProcess(first.db.url), runMigrateProcess(first.db.url)]);
    assert.equal(a.code, 0, a.output);
    assert.equal(b.code, 0, b.output);
    const applied = await first.db.sql`select name from schema_migrations order by name`;
    assert.deepEqual(applied.map((r) => r.name), files);
    const logged = (a.output + b.output).match(/"migration applied"/g) ?? [];
    assert.equal(logged.length, files.length, 'each migration is applied by exactly one process');
  });

  it('are applied once when two pools in one process race, and a re-run does nothing', async () => {
    const other = createSql(second.db.url, 2);
    const [x, y] = await Promise.all([migrate(second.db.sql), migrate(other)]);
    await other.end();
    assert.equal(x.length + y.length, (await migrationFiles()).length);
    assert.deepEqual(await migrate(second.db.sql), []);
  });

  it('store e-invoice files with lz4 where the server has it, and the default where it does not', async () => {
    const sql = second.db.sql;
    const lz4 = await sql
      .begin(async (tx) => {
        await tx`create temporary table lz4_probe (b bytea compression lz4) on commit drop`;
        return true;
      })
      .catch(() => false);
    const columns = await sql<{ table: string; compression: string }[]>`
      select attrelid::regclass::text as table, attcompression as compression from pg_attribute
      where attname = 'content' and attrelid in ('documents'::regclass, 'invoice_attachments'::regclass) order by 1`;
    assert.deepEqual(columns.map((c) => [c.table, c.compression]), [['documents', lz4 ? 'l' : ''], ['invoice_attachments', lz4 ? 'l' : '']]);
  });
});
