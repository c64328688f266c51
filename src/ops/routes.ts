import { Hono } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';

export function opsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.get('/healthz', async (c) => {
    const started = performance.now();
    try {
      await Promise.race([
        deps.sql`select 1`,
        new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 2 seconds')), 2000).unref()),
      ]);
      return c.json({ status: 'ok', database: { state: 'up', latencyMs: Math.round(performance.now() - started) } });
    } catch (error) {
      return c.json({ status: 'unavailable', database: { state: 'down', error: (error as Error).message } }, 503);
    }
  });

  app.get('/metrics', async (c) => {
    const token = deps.config.METRICS_TOKEN;
    if (token) {
      const given = Buffer.from(c.req.header('authorization')?.replace(/^Bearer /, '') ?? '');
      const wanted = Buffer.from(token);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return c.text('unauthorized', 401);
    }
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });

  return app;
}
