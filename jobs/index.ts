/*
 * The explicit task list (file name = task identifier) and the crontab. Tasks are thin
 * adapters: they validate their payload and call the domain in src/.
 */
import type { TaskList } from 'graphile-worker';
import type { Sql } from '../src/db/connection';
import type { Logger } from '../src/logger';
import { sessionsPurgeExpired } from './sessions__purge_expired';

export type JobDeps = { sql: Sql; log: Logger };

export function taskList(deps: JobDeps): TaskList {
  return {
    sessions__purge_expired: sessionsPurgeExpired(deps),
  };
}

export const crontab = ['15 3 * * * sessions__purge_expired ?jobKey=sessions__purge_expired'].join('\n');
