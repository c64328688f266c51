import type { Context } from 'hono';
import type { Sql } from '../db/connection';
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
  log: Logger;
  metrics: Metrics;
  pagero: PageroService;
  jar(c: Context): CookieJar;
  /** In demo mode only: seeds apdesk's demo data for companies a login has just found (src/demo/start.ts). */
  prepareCompanies?: PrepareCompanies;
};

export function makeDeps(config: AppConfig, sql: Sql, log: Logger, metrics: Metrics): Deps {
  return {
    config,
    sql,
    log,
    metrics,
    pagero: createPageroService(config, sql, log),
    jar: (c) => cookieJar(c, isHttps(c, proxyHops(config), config.publicUrl)),
  };
}
