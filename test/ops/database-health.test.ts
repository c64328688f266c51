/*
 * The database's health as a process sees it (src/db/health.ts): out of reach is `down` (and the
 * gate's listeners hear it), slow or a wrong query is not; a failed query that says "out of reach"
 * makes it look. Real connections: the test database, and a port nothing listens on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSql } from '../../src/db/connection';
import { freePort } from '../../src/db/embedded';
import { databaseHealth, isConnectionError } from '../../src/db/health';
import { useTestDatabase } from '../helpers/database';

describe('database health', () => {
  const t = useTestDatabase();

  it('is up on a database that answers, and a wrong query does not make it look', async () => {
    const health = databaseHealth(t.db.sql);
    const check = await health.check();
    assert.equal(check.state, 'up');
    const wrong = await t.db.sql`select * from no_such_table`.catch((e: unknown) => e);
    assert.equal(isConnectionError(wrong), false);
    health.noticed(wrong);
    assert.equal(health.state, 'up');
    health.stop();
  });

  it('is down on a database out of reach, tells its listeners once, and a timeout alone does not turn it down', async () => {
    const dead = createSql(`postgres://postgres@127.0.0.1:${await freePort()}/none`, 1);
    const health = databaseHealth(dead, { probeEveryMs: 60_000 });
    let heard = 0;
    const unsubscribe = health.onDown(() => heard++);
    const refused = await dead`select 1`.catch((e: unknown) => e);
    assert.ok(isConnectionError(refused), String(refused));
    health.noticed(refused);
    const check = await health.check();
    assert.deepEqual([check.state, health.state, heard], ['down', 'down', 1]);
    await health.check();
    assert.equal(heard, 1, 'told once per outage');
    unsubscribe();
    health.stop();
    await dead.end({ timeout: 1 });

    // A database that answers too slowly: /healthz says down, but requests are not turned away
    const holder = await t.db.sql.reserve();
    await holder`select pg_advisory_lock(424242)`;
    const blocked = createSql(t.db.url, 1);
    const slowHealth = databaseHealth(blocked, { timeoutMs: 50 });
    const waiting = blocked`select pg_advisory_lock(424242)`.catch(() => {}); // holds the only connection
    const timedOut = await slowHealth.check();
    assert.equal(timedOut.state, 'down');
    assert.equal(slowHealth.state, 'up');
    await holder`select pg_advisory_unlock(424242)`;
    holder.release();
    await waiting;
    slowHealth.stop();
    await blocked.end({ timeout: 1 });
  });
});
