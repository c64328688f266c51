/*
 * Graceful shutdown in dependency order: stop taking requests (idle keep-alive sockets
 * close at once, busy ones after their response), let running jobs finish, then close the
 * pool and stop the embedded database. Past the deadline, open sockets are cut and the
 * database is still stopped, so nothing is left running.
 */
import type { Runner } from 'graphile-worker';
import type { Server } from 'node:http';
import type { Logger } from './logger';

export type Running = { server?: Server; metricsServer?: Server; runner?: Runner; sandbox?: { close(): Promise<void> }; db?: { close(): Promise<void> } };

export async function shutDown(running: Running, log: Logger, timeoutMs: number): Promise<'clean' | 'forced'> {
  const orderly = (async () => {
    if (running.server) {
      const closed = new Promise<void>((resolve) => running.server!.close(() => resolve()));
      running.server.closeIdleConnections();
      await closed;
    }
    running.metricsServer?.close();
    running.metricsServer?.closeAllConnections();
    await running.runner?.stop();
    await running.sandbox?.close();
    await running.db?.close();
    return 'clean' as const;
  })();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'forced'>((resolve) => {
    timer = setTimeout(() => resolve('forced'), timeoutMs);
  });
  const outcome = await Promise.race([orderly, deadline]);
  clearTimeout(timer);
  if (outcome === 'forced') {
    log.error({ timeoutMs }, 'shutdown took too long; cutting connections');
    running.server?.closeAllConnections();
    await running.db?.close().catch(() => {});
  }
  return outcome;
}
