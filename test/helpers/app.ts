/* Starts the real app on a real HTTP port against a test database. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before } from 'node:test';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { makeDeps, type Deps } from '../../src/http/deps';
import type { AppConfig } from '../../src/local-secrets';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/ops/metrics';
import type { Sql } from '../../src/db/connection';
import { createTestDatabase, type TestDatabase } from './database';

export type TestApp = { url: string; logLines: string[]; config: AppConfig; deps: Deps; close(): Promise<void> };

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    SESSION_SECRET: 'test-session-secret-0123456789abcdef0123456789',
    TOKEN_ENCRYPTION_KEY: '0'.repeat(64),
    LOG_LEVEL: 'info',
    ...env,
  }) as AppConfig;
}

/** downloads: a pool of its own for streamed downloads, as src/db/open.ts gives the real app (default: sql). */
export async function startTestApp(sql: Sql, env: Record<string, string> = {}, port = 0, downloads: Sql = sql): Promise<TestApp> {
  const config = testConfig(env);
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger(config.LOG_LEVEL, sink);
  const deps = makeDeps(config, sql, log, createMetrics(sql), downloads);
  const app = createApp(deps);
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    logLines,
    config,
    deps,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type AppContext = { db: TestDatabase; app: TestApp };

/** A fresh database and the app on it for the enclosing describe(): set in before(), closed app first in after(). */
export function useTestApp(env: Record<string, string> = {}): AppContext {
  const ctx = {} as AppContext;
  before(async () => {
    ctx.db = await createTestDatabase();
    ctx.app = await startTestApp(ctx.db.sql, env);
  });
  after(async () => {
    await ctx.app?.close();
    await ctx.db?.close();
  });
  return ctx;
}
