/*
 * While PostgreSQL is out of reach (src/db/health.ts), requests answer 503 with Retry-After at once
 * (a page, an htmx fragment or an API problem) instead of queueing for a database that is
 * restarting; a request already running when it goes out of reach answers the same, right then,
 * rather than whenever its queries give up. /healthz and the static assets come before the gate.
 */
import type { MiddlewareHandler } from 'hono';
import type { DatabaseHealth } from '../db/health';
import type { AppEnv } from './context';
import { databaseUnavailable } from './errors';

export function databaseGate(database: DatabaseHealth): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (database.state === 'down') return databaseUnavailable(c);
    let unsubscribe = () => {};
    const wentDown = new Promise<'down'>((resolve) => (unsubscribe = database.onDown(() => resolve('down'))));
    // Errors reach the app's error handler inside next(); the catch only keeps a late one quiet.
    const handled = next().then(() => 'handled' as const, () => 'handled' as const);
    try {
      if ((await Promise.race([handled, wentDown])) === 'down') c.res = await databaseUnavailable(c); // a later answer of the handler is dropped
    } finally {
      unsubscribe();
    }
  };
}
