import type { Config } from '../config';
import { localSecrets } from '../local-secrets';
import type { Logger } from '../logger';
import { createSql, type Sql } from './connection';
import { startEmbeddedDatabase } from './embedded';

export type OpenDatabase = { url: string; sql: Sql; embedded: boolean; close(): Promise<void> };

/** What pg_stat_activity shows for a process's connections: `apdesk`, or `apdesk web` / `apdesk worker` (APDESK_ROLE). */
export const applicationName = (config: Pick<Config, 'APDESK_ROLE'>) => (config.APDESK_ROLE === 'all' ? 'apdesk' : `apdesk ${config.APDESK_ROLE}`);

/** DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR. */
export async function openDatabase(config: Config, log: Logger): Promise<OpenDatabase> {
  if (config.DATABASE_URL) {
    const sql = createSql(config.DATABASE_URL, config.DATABASE_POOL_SIZE, applicationName(config));
    return { url: config.DATABASE_URL, sql, embedded: false, close: () => sql.end({ timeout: 5 }) };
  }
  const { databasePassword } = await localSecrets(config.DATA_DIR);
  const embedded = await startEmbeddedDatabase({ dataDir: config.DATA_DIR, password: databasePassword, log });
  const sql = createSql(embedded.url, config.DATABASE_POOL_SIZE, applicationName(config));
  return {
    url: embedded.url,
    sql,
    embedded: true,
    close: async () => {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}
