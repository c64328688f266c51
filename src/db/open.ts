import type { Config } from '../config';
import { localSecrets } from '../local-secrets';
import type { Logger } from '../logger';
import { createSql, type Sql } from './connection';
import { startEmbeddedDatabase } from './embedded';

/**
 * downloads: a pool of its own for streamed downloads (the CSV of a list, an export batch's files). A download
 * holds its connection until the client has read the last row, and a web process's app pool has 3: three slow
 * downloads would otherwise leave no connection for pages.
 */
export type OpenDatabase = { url: string; sql: Sql; downloads: Sql; embedded: boolean; close(): Promise<void> };

export const DOWNLOAD_POOL_SIZE = 4;

/** What pg_stat_activity shows for a process's connections: `apdesk`, or `apdesk web` / `apdesk worker` (APDESK_ROLE). */
export const applicationName = (config: Pick<Config, 'APDESK_ROLE'>) => (config.APDESK_ROLE === 'all' ? 'apdesk' : `apdesk ${config.APDESK_ROLE}`);

/**
 * The app pool's size: DATABASE_POOL_SIZE, or 3 on a web process and 10 on one that runs jobs (a running sync
 * holds a connection for its lock). postgres.js gives a query an idle connection first and queues it on a
 * busy one only when none is idle, so a page's ten parallel queries woke ten PostgreSQL backends, each with
 * its own caches to warm; with three they share a few, in fewer writes: PostgreSQL CPU per page 11.1 → 8.2 ms,
 * web CPU 10.5–11.2 → 9.7 ms (bench/pages.ts, mean of its 14 request kinds).
 */
export const poolSize = (config: Pick<Config, 'APDESK_ROLE' | 'DATABASE_POOL_SIZE'>) => config.DATABASE_POOL_SIZE ?? (config.APDESK_ROLE === 'web' ? 3 : 10);

/** DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR. */
export async function openDatabase(config: Config, log: Logger): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    const sql = createSql(config.DATABASE_URL, poolSize(config), applicationName(config));
    const downloads = createSql(config.DATABASE_URL, DOWNLOAD_POOL_SIZE, `${applicationName(config)} downloads`);
    return { url: config.DATABASE_URL, sql, downloads, embedded: false, close: async () => void (await Promise.all([sql.end({ timeout: 5 }), downloads.end({ timeout: 5 })])) };
  }
  const { databasePassword } = await localSecrets(config.DATA_DIR);
  const embedded = await startEmbeddedDatabase({ dataDir: config.DATA_DIR, password: databasePassword, log });
  const sql = createSql(embedded.url, poolSize(config), applicationName(config));
  const downloads = createSql(embedded.url, DOWNLOAD_POOL_SIZE, `${applicationName(config)} downloads`);
  return {
    url: embedded.url,
    sql,
    downloads,
    embedded: true,
    close: async () => {
      await Promise.all([sql.end({ timeout: 5 }), downloads.end({ timeout: 5 })]);
      await embedded.stop();
    },
  };
}
