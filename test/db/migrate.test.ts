import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createSql } from '../../src/db/connection';
import { migrate, migrationFiles } from '../../src/db/migrate';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

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
  let first: TestDatabase;
  let second: TestDatabase;
  before(async () => {
    first = await createTestDatabase({ migrated: false });
    second = await createTestDatabase({ migrated: false });
  });
  after(async () => {
    await first.close();
    await second.close();
  });

  it('are applied once when two processes start together', async () => {
    const files = await migrationFiles();
    const [a, b] = await Promise.all([runMigrateProcess(first.url), runMigrateProcess(first.url)]);
    assert.equal(a.code, 0, a.output);
    assert.equal(b.code, 0, b.output);
    const applied = await first.sql`select name from schema_migrations order by name`;
    assert.deepEqual(applied.map((r) => r.name), files);
    const logged = (a.output + b.output).match(/"migration applied"/g) ?? [];
    assert.equal(logged.length, files.length, 'each migration is applied by exactly one process');
  });

  it('are applied once when two pools in one process race, and a re-run does nothing', async () => {
    const other = createSql(second.url, 2);
    const [x, y] = await Promise.all([migrate(second.sql), migrate(other)]);
    await other.end();
    assert.equal(x.length + y.length, (await migrationFiles()).length);
    assert.deepEqual(await migrate(second.sql), []);
  });
});
