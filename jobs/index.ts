/*
 * The explicit task list (file name = task identifier) and the crontab. Tasks are thin
 * adapters: they validate their payload and call the domain in src/.
 */
import type { TaskList } from 'graphile-worker';
import type { Sql } from '../src/db/connection';
import type { AppConfig } from '../src/local-secrets';
import type { Logger } from '../src/logger';
import type { Mailer } from '../src/mail/delivery';
import type { PageroService } from '../src/pagero/service';
import type { SyncSlots } from '../src/sync/concurrency';
import type { PrepareCompanies } from '../src/demo/start';
import { approvalsNotify } from './approvals__notify';
import { codingRulesApplyOpen } from './coding_rules__apply_open';
import { documentsRereadQuarantined } from './documents__reread_quarantined';
import { documentGroupsAssign } from './document_groups__assign';
import { exportBatchesCreateScheduled } from './export_batches__create_scheduled';
import { exportBatchesDeliver } from './export_batches__deliver';
import { exportBatchesSchedule } from './export_batches__schedule';
import { invoiceResponsesSend } from './invoice_responses__send';
import { invoicesValidate } from './invoices__validate';
import { mailMessagesSend } from './mail_messages__send';
import { pageroCompaniesSync } from './pagero_companies__sync';
import { pageroCompaniesSyncAll } from './pagero_companies__sync_all';
import { pageroConnectionsDiscoverCompanies } from './pagero_connections__discover_companies';
import { pageroConnectionsSendReminders } from './pagero_connections__send_reminders';
import { purchaseOrdersRematch } from './purchase_orders__rematch';
import { sessionsPurgeExpired } from './sessions__purge_expired';
import { apiIdempotencyKeysPurge } from './api_idempotency_keys__purge';
import { webhookDeliveriesSend } from './webhook_deliveries__send';

/** processId and syncSlots come from the worker process (src/worker/runner.ts); tests may leave them out. prepareCompanies: the demo seed (src/demo/start.ts), in demo mode only. */
export type JobDeps = { sql: Sql; log: Logger; config: AppConfig; mailer: Mailer; pagero: PageroService; processId?: string; syncSlots?: SyncSlots; prepareCompanies?: PrepareCompanies };

export function taskList(deps: JobDeps): TaskList {
  return {
    sessions__purge_expired: sessionsPurgeExpired(deps),
    mail_messages__send: mailMessagesSend(deps),
    pagero_connections__send_reminders: pageroConnectionsSendReminders(deps),
    pagero_connections__discover_companies: pageroConnectionsDiscoverCompanies(deps),
    document_groups__assign: documentGroupsAssign(deps),
    pagero_companies__sync: pageroCompaniesSync(deps),
    pagero_companies__sync_all: pageroCompaniesSyncAll(deps),
    documents__reread_quarantined: documentsRereadQuarantined(deps),
    purchase_orders__rematch: purchaseOrdersRematch(deps),
    coding_rules__apply_open: codingRulesApplyOpen(deps),
    invoice_responses__send: invoiceResponsesSend(deps),
    webhook_deliveries__send: webhookDeliveriesSend(deps),
    api_idempotency_keys__purge: apiIdempotencyKeysPurge(deps),
    export_batches__schedule: exportBatchesSchedule(deps),
    export_batches__create_scheduled: exportBatchesCreateScheduled(deps),
    export_batches__deliver: exportBatchesDeliver(deps),
    invoices__validate: invoicesValidate(deps),
    approvals__notify: approvalsNotify(deps),
  };
}

/** SYNC_INTERVAL minutes as a cron pattern: every N minutes, or every N hours. */
export function syncSchedule(minutes: number) {
  return minutes < 60 ? `*/${minutes} * * * *` : `0 */${minutes / 60} * * *`;
}

export function crontab(config: Pick<AppConfig, 'SYNC_INTERVAL'>) {
  return [
    '15 3 * * * sessions__purge_expired ?jobKey=sessions__purge_expired',
    '0 7 * * * pagero_connections__send_reminders ?jobKey=pagero_connections__send_reminders',
    '45 3 * * * api_idempotency_keys__purge ?jobKey=api_idempotency_keys__purge',
    `${syncSchedule(config.SYNC_INTERVAL)} pagero_companies__sync_all ?jobKey=pagero_companies__sync_all`,
    // Every minute: each company's export schedule is matched against the tick (src/export/schedule.ts); fill catches up after downtime.
    '* * * * * export_batches__schedule ?fill=1h&max=3',
    '*/10 * * * * approvals__notify ?jobKey=approvals__notify',
  ].join('\n');
}
