/*
 * Whether PostgreSQL can be reached, as this process sees it. /healthz looks through it (`down` when
 * `select 1` fails or takes over HEALTH_TIMEOUT_MS); the web app's database gate
 * (src/http/database-gate.tsx) answers 503 at once while `state` is `down`, instead of letting
 * requests queue for a database that is restarting.
 *
 * `state` turns `down` only when the database is out of reach, not when it is slow (under load we
 * serve slowly rather than refuse): a connection refused, cut or not opened in time, or PostgreSQL
 * saying it is starting up or shutting down. A query failing that way makes it look (one
 * `select 1`); only when that fails the same way is the database `down`. While down, it looks
 * again every half second, and the first answer makes it `up`.
 */
import type { Sql } from './connection';

/** The health check's timeout: /healthz says `down` when `select 1` takes longer. */
export const HEALTH_TIMEOUT_MS = 2000;
const PROBE_EVERY_MS = 500;

export type HealthCheck = { state: 'up'; latencyMs: number } | { state: 'down'; error: string };

export type DatabaseHealth = {
  /** What the last look found (`up` until one failed). */
  readonly state: 'up' | 'down';
  /** Looks now (`select 1`, at most HEALTH_TIMEOUT_MS); looks already under way are shared. */
  check(): Promise<HealthCheck>;
  /** Tells it about a failed query: when the error says the database is out of reach, it looks. */
  noticed(error: unknown): void;
  /** Calls `listener` when the database goes down; answers the function that unsubscribes. */
  onDown(listener: () => void): () => void;
  stop(): void;
};

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECTION_CLOSED', // postgres.js: the connection closed under a query
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01', // admin_shutdown: terminating connection due to administrator command
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the database system is starting up / shutting down
]);

/** True for errors that mean "PostgreSQL is out of reach" rather than "this query is wrong". */
export function isConnectionError(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    const errors = (e as { errors?: unknown }).errors; // AggregateError of a multi-address connect
    if (Array.isArray(errors) && errors.some(isConnectionError)) return true;
  }
  return false;
}

export function databaseHealth(sql: Sql, opts: { timeoutMs?: number; probeEveryMs?: number; onChange?: (state: 'up' | 'down', error?: string) => void } = {}): DatabaseHealth {
  const timeoutMs = opts.timeoutMs ?? HEALTH_TIMEOUT_MS;
  let state: 'up' | 'down' = 'up';
  let looking: Promise<HealthCheck> | null = null;
  let probe: NodeJS.Timeout | null = null;
  let stopped = false;
  const downListeners = new Set<() => void>();

  const set = (next: 'up' | 'down', error?: string) => {
    if (next === state) return;
    state = next;
    opts.onChange?.(next, error);
    if (next === 'down') {
      for (const listener of [...downListeners]) listener();
      if (!probe && !stopped) {
        probe = setInterval(() => void check(), opts.probeEveryMs ?? PROBE_EVERY_MS);
        probe.unref();
      }
    } else {
      if (probe) clearInterval(probe);
      probe = null;
    }
  };

  const look = async (): Promise<HealthCheck> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1`,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs / 1000} seconds`)), timeoutMs);
        }),
      ]);
      set('up');
      return { state: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      // Out of reach: down. Merely slow (a timeout, a full pool): /healthz says so, requests still go through.
      if (isConnectionError(error)) set('down', (error as Error).message);
      return { state: 'down', error: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  };

  const check = () => (looking ??= look().finally(() => (looking = null)));

  return {
    get state() {
      return state;
    },
    check,
    noticed(error) {
      if (state === 'up' && isConnectionError(error)) void check();
    },
    onDown(listener) {
      downListeners.add(listener);
      return () => downListeners.delete(listener);
    },
    stop() {
      stopped = true;
      if (probe) clearInterval(probe);
      probe = null;
    },
  };
}
