/*
 * Scheduled export batches. A company's schedule is a cron pattern in UTC (its setting, or
 * EXPORT_SCHEDULE for companies without one; "off" for none). graphile-worker's crontab is
 * fixed when the worker starts, and companies change their schedules at any time, so one
 * crontab line ticks every minute (export_batches__schedule) and queues, for each company
 * whose pattern matches the tick's time, one job that builds its batch. Patterns are parsed
 * and matched by graphile-worker's own cron parser, so they mean what its crontab means.
 */
import { parseCrontab } from 'graphile-worker';
import type { Sql } from '../db/connection';
import { queueScheduledBatch, SCHEDULED_TASK } from './queue';

type Matcher = (digest: { min: number; hour: number; date: number; month: number; dow: number }) => boolean;

function matcher(pattern: string): Matcher | null {
  if (!/^[\d*/,\- ]+$/.test(pattern.trim()) || pattern.trim().split(/\s+/).length !== 5) return null;
  try {
    return parseCrontab(`${pattern.trim()} ${SCHEDULED_TASK}`)[0]?.match ?? null;
  } catch {
    return null;
  }
}

/** A sentence when the pattern is not five cron fields graphile-worker understands; null when fine. */
export function scheduleProblem(pattern: string): string | null {
  return matcher(pattern) ? null : 'Write five cron fields (minute hour day-of-month month day-of-week, UTC), such as "0 18 * * 1-5".';
}

/** "company setting, or the default": null or "off" when the company has no schedule. */
export const effectiveSchedule = (own: string | null, fallback: string | undefined) => (own ?? fallback ?? null);

const digest = (ts: Date) => ({ min: ts.getUTCMinutes(), hour: ts.getUTCHours(), date: ts.getUTCDate(), month: ts.getUTCMonth() + 1, dow: ts.getUTCDay() });

/** Queues the batch job of every company whose schedule matches the tick; returns their ids. */
export async function scheduleTick(sql: Sql, fallback: string | undefined, tick: Date): Promise<number[]> {
  const companies = await sql<{ id: number; schedule: string | null }[]>`
    select c.id::int, s.schedule from pagero_companies c left join export_settings s on s.company_id = c.id order by c.id`;
  const due: number[] = [];
  const minute = new Date(Math.floor(tick.getTime() / 60_000) * 60_000);
  for (const company of companies) {
    const pattern = effectiveSchedule(company.schedule, fallback);
    if (!pattern || pattern === 'off') continue;
    if (matcher(pattern)?.(digest(minute))) due.push(company.id);
  }
  if (due.length) await sql.begin(async (tx) => { for (const id of due) await queueScheduledBatch(tx, id, minute.toISOString()); });
  return due;
}
