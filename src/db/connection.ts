import type PostgresTypes from 'postgres';
import postgres from './postgres';

export type Sql = PostgresTypes.Sql;
export type Db = PostgresTypes.Sql | PostgresTypes.TransactionSql;

/** Seconds to open a connection (TCP, start-up, authentication) before the attempt fails with CONNECT_TIMEOUT. */
export const CONNECT_TIMEOUT_SECONDS = 5;

/**
 * Seconds before a closed pool connection connects again: postgres.js's own backoff (3^n / 100 s with
 * jitter, n = failed attempts in a row across the pool), capped at half a second instead of 20 s. The
 * wait is spent by the query that needs the connection: with 20 s, a request that came in while
 * PostgreSQL restarted waited up to 20 s before its first attempt, long after the database was back.
 */
export function reconnectDelaySeconds(attempts: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** attempts / 100, 0.5);
}

/**
 * JIT compilation off for every session (a startup parameter, so no extra round trip). apdesk's statements are
 * short and indexed, but PostgreSQL's estimates for a trigram search or a capped count can pass jit_above_cost,
 * and compiling them took longer than running them (PostgreSQL 15 with LLVM, as Debian and most managed services
 * ship it; BENCHMARKS.md, "JIT").
 */
export const SESSION_SETTINGS = { jit: 'off' } as const;
/** The same for graphile-worker's pg pool (node-postgres takes settings as a command line). */
export const JOB_QUEUE_CONNECTION = { application_name: 'apdesk job queue', options: '-c jit=off' } as const;

/** applicationName: what pg_stat_activity shows for these connections (openDatabase names the process's role). */
export function createSql(url: string, max = 10, applicationName = 'apdesk'): Sql {
  return postgres(url, {
    max,
    idle_timeout: 60,
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    backoff: reconnectDelaySeconds,
    onnotice: () => {},
    transform: postgres.camel,
    connection: { application_name: applicationName, ...SESSION_SETTINGS },
  });
}
