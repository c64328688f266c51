/* Prometheus metrics, one registry per app instance (tests run several apps in one process). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Sql } from '../db/connection';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(sql: Sql) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'apdesk_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'apdesk_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'apdesk_jobs_total',
    help: 'Background jobs finished by this process, by task and outcome',
    labelNames: ['task', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'apdesk_jobs_queued',
    help: 'Jobs waiting in the queue (all processes), by task',
    labelNames: ['task'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await sql<{ task: string; count: number }[]>`
        select task_identifier as task, count(*)::int as count
        from graphile_worker.jobs where locked_at is null group by 1`.catch(() => []);
      for (const row of rows) this.set({ task: row.task }, row.count);
    },
  });
  return { registry, httpRequests, httpDuration, jobs };
}
