/*
 * graphile-worker's pool waits for PostgreSQL instead of failing while it is out of reach.
 *
 * graphile-worker marks a job done or failed without awaiting it (worker.js: completeJob(job),
 * failJob(...)), and retries only a few error codes (57P03, ETIMEDOUT, EHOSTUNREACH). A job that
 * ended while PostgreSQL restarted got ECONNREFUSED there: an unhandled rejection, which ends a Node
 * process, and the job stayed locked (graphile-worker frees it only after 4 hours). So a checkout
 * from this pool that cannot connect tries again (0.25 s, doubling to 2 s) until PostgreSQL answers
 * or the pool is being closed; the job is then marked as it should be. Checkouts with a callback
 * (graphile-worker's LISTEN connection, which retries on its own) are left as they are.
 */
import pg from 'pg';
import { isConnectionError } from '../db/health';
import type { Logger } from '../logger';

/** pg's errors when a connection is refused, cut or turned away while PostgreSQL starts or stops. */
export function unreachable(error: unknown): boolean {
  return isConnectionError(error) || /^Connection terminated/.test((error as Error)?.message ?? '');
}

export function waitingPool(pool: pg.Pool, log: Logger): pg.Pool {
  const connect = pool.connect.bind(pool) as (callback?: Parameters<pg.Pool['connect']>[0]) => Promise<pg.PoolClient> | void;
  const waiting = async (): Promise<pg.PoolClient> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await connect()) as pg.PoolClient;
      } catch (error) {
        if (!unreachable(error) || pool.ending) throw error;
        if (attempt === 0) log.warn({ error: (error as Error).message }, 'worker waits for the database');
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** attempt, 2000)));
      }
    }
  };
  pool.connect = ((callback?: Parameters<pg.Pool['connect']>[0]) => (callback ? connect(callback) : waiting())) as pg.Pool['connect'];
  return pool;
}
