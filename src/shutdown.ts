/*
 * Graceful shutdown in dependency order: stop taking requests (idle keep-alive sockets
 * close at once, busy ones after their response), let running jobs finish, then close the
 * pool and stop the embedded database. Past the deadline, open sockets are cut, the jobs still
 * running are freed for the other workers, and the database is still stopped, so nothing is left running.
 */
import type { Runner } from 'graphile-worker';
import type { Server } from 'node:http';
import type { Logger } from './logger';

/** runner.abandon: frees the jobs a cut-short shutdown leaves locked (src/worker/runner.ts). */
export type Running = {
  server?: Server;
  metricsServer?: Server;
  runner?: Runner & { abandon?(): Promise<void> };
  sandbox?: { close(): Promise<void> };
  db?: { close(): Promise<void> };
};

const ABANDON_TIMEOUT_MS = 2_000;

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
    // A job still running would stay locked under this process's name until a sweep judged it dead: free it now.
    const abandoned = running.runner?.abandon?.().catch((error) => log.warn({ err: error }, 'could not free the running jobs; the other workers will'));
    if (abandoned) await Promise.race([abandoned, new Promise((resolve) => setTimeout(resolve, ABANDON_TIMEOUT_MS).unref())]);
    await running.db?.close().catch(() => {});
  }
  return outcome;
}
