/*
 * Creating export batches. Rules (checked per invoice, in one transaction that row-locks
 * the invoices, so two people exporting the same rows at once cannot both take them):
 *
 *   status Approved or Export failed       → may be exported
 *   never in a batch                       → joins without a reason
 *   its export failed after its last batch → joins again; the reason says so
 *   in a batch already (delivered or not)  → only with a re-export reason, given by a person
 *   Exported                               → only with a re-export reason (the ERP lost it)
 *   no company                             → cannot: a batch is one company's
 *
 * A selection spanning companies becomes one batch per company. The schedule takes every
 * Approved invoice of the company that may join without a person's reason (an Export failed
 * one waits until someone fixes it and gives it Export again).
 */
import type { Db, Sql } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { statusLabel } from '../invoices/statuses';
import { visibleInvoices } from '../invoices/visibility';
import { DEFAULT_COLUMNS } from './columns';
import { queueDelivery } from './queue';
import { companyExportSettings } from './settings';

export const REEXPORT_REASON_MAX = 1000;
export const EXPORT_SELECTION_MAX = 200;
export const FAILED_SINCE_REASON = 'Exported again after the ERP reported a failure.';

export type CreatedBatch = { id: number; companyId: number; companyName: string; invoiceCount: number };
export type Skipped = { id: number; invoiceNumber: string | null; why: string };
export type CreateOutcome = { batches: CreatedBatch[]; skipped: Skipped[] };

type Candidate = {
  id: number; invoiceNumber: string; status: string; companyId: number | null; companyName: string | null;
  lastBatchId: number | null; failedSince: boolean;
};

/** Batches from invoices a person selected (My Invoices' Export, or Export again on a batch). */
export async function createBatches(sql: Sql, input: { user: CurrentUser; ids: number[]; reason?: string }): Promise<CreateOutcome> {
  const reason = (input.reason ?? '').trim();
  const ids = [...new Set(input.ids)].slice(0, EXPORT_SELECTION_MAX);
  return sql.begin(async (tx) => {
    const found = await tx<Candidate[]>`
      select i.id::int, i.invoice_number, i.status, i.company_id::int, c.name as company_name, last.batch_id::int as last_batch_id,
             coalesce(i.export_failed_at > last.created_at, false) as failed_since
      from invoices i
      left join pagero_companies c on c.id = i.company_id
      left join lateral (
        select b.id as batch_id, b.created_at from export_batch_invoices m join export_batches b on b.id = m.batch_id
        where m.invoice_id = i.id order by b.id desc limit 1) last on true
      where i.id = any(${ids}::bigint[]) and ${visibleInvoices(tx, input.user)}
      order by i.id
      for no key update of i`;
    const skipped: Skipped[] = ids.filter((id) => !found.some((f) => f.id === id)).map((id) => ({ id, invoiceNumber: null, why: 'not found, or you may not see it' }));
    const taken: { candidate: Candidate; reason: string | null }[] = [];
    for (const f of found) {
      const why = refusal(f, reason);
      if (why) skipped.push({ id: f.id, invoiceNumber: f.invoiceNumber, why });
      else taken.push({ candidate: f, reason: f.lastBatchId === null ? null : f.failedSince && !reason ? FAILED_SINCE_REASON : reason });
    }
    const batches: CreatedBatch[] = [];
    for (const [companyId, members] of groupByCompany(taken)) {
      const id = await insertBatch(tx, companyId, 'manual', input.user.id, null, members.map((m) => ({ invoiceId: m.candidate.id, reason: m.reason })));
      batches.push({ id, companyId, companyName: members[0]!.candidate.companyName ?? '', invoiceCount: members.length });
    }
    return { batches, skipped };
  });
}

function refusal(f: Candidate, reason: string): string | null {
  if (reason.length > REEXPORT_REASON_MAX) return `the reason is longer than ${REEXPORT_REASON_MAX} characters`;
  if (f.companyId === null) return 'it has no company; a batch belongs to one company';
  if (f.status === 'exported') return reason ? null : 'it is Exported already; give a reason to export it again';
  if (f.status !== 'approved' && f.status !== 'export_failed') return `${statusLabel(f.status)} invoices are not exported; approve it first`;
  if (f.lastBatchId !== null && !f.failedSince && !reason) return `it is in export batch ${f.lastBatchId} already; give a reason to export it again`;
  return null;
}

function groupByCompany<T extends { candidate: Candidate }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) map.set(row.candidate.companyId!, [...(map.get(row.candidate.companyId!) ?? []), row]);
  return map;
}

/**
 * The scheduled batch of a company: every invoice that may join without a person's reason.
 * scheduleKey (company and cron time) makes a second run of the same tick create nothing.
 */
export async function createScheduledBatch(sql: Sql, companyId: number, scheduleKey: string): Promise<CreatedBatch | null> {
  return sql.begin(async (tx) => {
    const [done] = await tx`select 1 from export_batches where schedule_key = ${scheduleKey}`;
    if (done) return null;
    const members = await tx<{ id: number; failedSince: boolean; inBatch: boolean }[]>`
      select i.id::int, coalesce(i.export_failed_at > last.created_at, false) as failed_since, last.created_at is not null as in_batch
      from invoices i
      left join lateral (
        select b.created_at from export_batch_invoices m join export_batches b on b.id = m.batch_id
        where m.invoice_id = i.id order by b.id desc limit 1) last on true
      where i.company_id = ${companyId} and i.status = 'approved'
        and (last.created_at is null or i.export_failed_at > last.created_at)
      order by i.id
      for no key update of i skip locked`;
    if (members.length === 0) return null;
    const id = await insertBatch(tx, companyId, 'schedule', null, scheduleKey, members.map((m) => ({ invoiceId: m.id, reason: m.inBatch ? FAILED_SINCE_REASON : null })));
    const [company] = await tx<{ name: string }[]>`select name from pagero_companies where id = ${companyId}`;
    return { id, companyId, companyName: company?.name ?? '', invoiceCount: members.length };
  });
}

async function insertBatch(tx: Db, companyId: number, origin: 'manual' | 'schedule', userId: number | null, scheduleKey: string | null, members: { invoiceId: number; reason: string | null }[]) {
  const settings = await companyExportSettings(tx, companyId);
  const [batch] = await tx<{ id: number }[]>`
    insert into export_batches (company_id, origin, created_by, columns, confirmation, delivery, invoice_count, schedule_key)
    values (${companyId}, ${origin}, ${userId}, ${settings.columns ?? [...DEFAULT_COLUMNS]}, ${settings.confirmation}, ${settings.delivery}, ${members.length}, ${scheduleKey})
    returning id::int`;
  await tx`
    insert into export_batch_invoices (batch_id, invoice_id, reexport_reason)
    select ${batch!.id}, m.invoice_id, m.reason
    from unnest(${members.map((m) => m.invoiceId)}::bigint[], ${members.map((m) => m.reason)}::text[]) as m(invoice_id, reason)`;
  if (settings.delivery === 'sftp') await queueDelivery(tx, batch!.id);
  return batch!.id;
}
