/*
 * First middleware: gives each request an id (or keeps a sane incoming X-Request-Id),
 * runs the rest inside the log context so every log line carries it, and records
 * the request in the metrics by route pattern (not raw path, to keep label sets small).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { logContext, type Logger } from '../logger';
import type { Metrics } from '../ops/metrics';
import type { AppEnv } from './context';

export function requestContext(log: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{8,100}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('log', log);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await logContext.run({ requestId }, async () => {
      await next();
      const seconds = (performance.now() - started) / 1000;
      const route = routePath(c) || 'unmatched';
      const labels = { method: c.req.method, route, status: String(c.res.status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      if (route !== '/healthz' && route !== '/metrics') {
        log.info({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) }, 'request');
      }
    });
  };
}
