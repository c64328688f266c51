import { Hono } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { AppEnv } from '../http/context';
import type { Deps } from '../http/deps';

/**
 * /healthz always; /metrics on the main port unless METRICS_PORT moves it to an internal port of
 * its own (metricsRoutes). In production the main port serves metrics only with METRICS_TOKEN.
 */
export function opsRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });

  app.get('/healthz', async (c) => {
    const database = await deps.database.check();
    if (database.state === 'up') return c.json({ status: 'ok', database });
    return c.json({ status: 'unavailable', database }, 503);
  });

  if (deps.config.METRICS_PORT === undefined) app.route('/', metricsRoutes(deps, { internalPort: false }));
  return app;
}

export function metricsRoutes(deps: Deps, opts: { internalPort: boolean }) {
  const app = new Hono<AppEnv>();
  app.get('/metrics', async (c) => {
    c.header('X-Content-Type-Options', 'nosniff');
    const token = deps.config.METRICS_TOKEN;
    if (!token && !opts.internalPort && deps.config.NODE_ENV === 'production') {
      return c.text('Metrics are not public in production: set METRICS_TOKEN, or METRICS_PORT to serve them on an internal port.', 403);
    }
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
