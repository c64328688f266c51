import type { Context } from 'hono';
import type { Sql } from '../db/connection';
import { databaseHealth, type DatabaseHealth } from '../db/health';
import type { AppConfig } from '../local-secrets';
import type { Logger } from '../logger';
import type { Metrics } from '../ops/metrics';
import { createPageroService, type PageroService } from '../pagero/service';
import { proxyHops } from '../security/proxy';
import type { PrepareCompanies } from '../demo/start';
import { cookieJar, isHttps, type CookieJar } from './cookies';

export type Deps = {
  config: AppConfig;
  sql: Sql;
  /** For streamed downloads, which hold a connection while the client reads (src/db/open.ts); the app pool in tests. */
  downloads: Sql;
  /** Whether PostgreSQL is in reach (/healthz, the database gate). */
  database: DatabaseHealth;
  log: Logger;
  metrics: Metrics;
  pagero: PageroService;
  jar(c: Context): CookieJar;
  /** In demo mode only: seeds apdesk's demo data for companies a login has just found (src/demo/start.ts). */
  prepareCompanies?: PrepareCompanies;
};

export function makeDeps(config: AppConfig, sql: Sql, log: Logger, metrics: Metrics, downloads: Sql = sql): Deps {
  return {
    config,
    sql,
    downloads,
    database: databaseHealth(sql, {
      onChange: (state, error) => (state === 'down' ? log.warn({ error }, 'database out of reach: answering 503 until it is back') : log.info('database back')),
    }),
    log,
    metrics,
    pagero: createPageroService(config, sql, log),
    jar: (c) => cookieJar(c, isHttps(c, proxyHops(config), config.publicUrl)),
  };
}
