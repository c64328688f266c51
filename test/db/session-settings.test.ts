import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createSql, JOB_QUEUE_CONNECTION } from '../../src/db/connection';
import { useTestDatabase } from '../helpers/database';

describe('Database > session settings', () => {
  const t = useTestDatabase({ migrated: false });

  it('turns JIT compilation off for the app pool and for the job queue pool, whatever the server says', async () => {
    await t.db.sql.unsafe(`alter database ${t.db.name} set jit = on`); // as Debian's and most managed PostgreSQL ship it
    const sql = createSql(t.db.url, 1, 'apdesk test');
    const pool = new pg.Pool({ connectionString: t.db.url, max: 1, ...JOB_QUEUE_CONNECTION });
    try {
      const [app] = await sql<{ jit: string; name: string }[]>`select current_setting('jit') as jit, current_setting('application_name') as name`;
      assert.deepEqual({ ...app }, { jit: 'off', name: 'apdesk test' });
      const { rows } = await pool.query<{ jit: string; name: string }>(`select current_setting('jit') as jit, current_setting('application_name') as name`);
      assert.deepEqual(rows[0], { jit: 'off', name: 'apdesk job queue' });
    } finally {
      await sql.end();
      await pool.end();
    }
  });
});
