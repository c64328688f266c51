/* What the Approvals page, the navigation count, the invoice page's chain and the dashboard read. */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from '../invoices/visibility';
import { todayOf } from '../format/numbers';
import { currentStep, eligibility } from './steps';

export const DUE_SOON_DAYS = 5;

export type WaitingRow = {
  invoiceId: number;
  invoiceNumber: string;
  supplier: string | null;
  amount: string | null;
  currency: string | null;
  documentType: string;
  dueDate: string | null;
  waitingSince: Date;
  daysWaiting: number;
  stepLabel: string;
  position: number;
  stepCount: number;
  onBehalfOf: string | null;
  fallback: boolean;
  dueSoon: boolean;
};

/** What waits for this person, oldest first. `today` is the date the due-soon flag counts from. */
export function waitingFor(db: Db, userId: number, now = new Date()) {
  return db<WaitingRow[]>`
    select i.id::int as invoice_id, i.invoice_number, i.seller_name as supplier, coalesce(i.payable_amount, i.tax_inclusive_amount)::text as amount,
           i.currency, i.document_type, i.due_date::text, s.started_at as waiting_since,
           floor(extract(epoch from (${now}::timestamptz - s.started_at)) / 86400)::int as days_waiting,
           s.label as step_label, s.position, (select count(*)::int from approval_steps x where x.chain_id = s.chain_id) as step_count,
           (select first_name || ' ' || last_name from users where id = w.on_behalf_of) as on_behalf_of, w.fallback,
           coalesce(i.due_date <= ${todayOf(undefined, now)}::date + ${DUE_SOON_DAYS}::int, false) as due_soon
    from approval_waiting(${userId}) w
    join approval_steps s on s.id = w.step_id
    join invoices i on i.id = w.invoice_id
    order by s.started_at, i.id`;
}

export async function waitingCount(db: Db, userId: number): Promise<number> {
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from approval_waiting(${userId})`;
  return row!.n;
}

export type ChainStepView = {
  id: number;
  position: number;
  label: string;
  required: number;
  startedAt: Date | null;
  doneAt: Date | null;
  decisions: { name: string; onBehalfOf: string | null; at: Date }[];
};

export type ChainView = {
  ruleName: string;
  state: 'open' | 'approved' | 'cancelled';
  startedAt: Date;
  steps: ChainStepView[];
  /** For the signed-in user, on a waiting chain: may they approve now, and if not, why. */
  mayApprove: boolean;
  why: string | null;
  waitingFor: string[];
  fallback: boolean;
};

/** The invoice's latest chain with every step and decision; null when it never reached Ready. */
export async function chainOf(db: Db, user: CurrentUser, invoiceId: number, status: string): Promise<ChainView | null> {
  const [chain] = await db<{ id: number; ruleName: string; state: ChainView['state']; startedAt: Date }[]>`
    select id::int, rule_name, state, started_at from approval_chains where invoice_id = ${invoiceId} order by id desc limit 1`;
  if (!chain) return null;
  const steps = await db<ChainStepView[]>`
    select s.id::int, s.position, s.label, s.required, s.started_at, s.done_at,
      coalesce((select json_agg(json_build_object('name', u.first_name || ' ' || u.last_name, 'onBehalfOf', b.first_name || ' ' || b.last_name, 'at', d.at) order by d.at)
                from approval_decisions d join users u on u.id = d.user_id left join users b on b.id = d.on_behalf_of where d.step_id = s.id), '[]') as decisions
    from approval_steps s where s.chain_id = ${chain.id} order by s.position`;
  for (const s of steps) s.decisions = s.decisions.map((d) => ({ ...d, at: new Date(d.at) }));
  let mayApprove = false;
  let why: string | null = null;
  let waiting: string[] = [];
  let fallback = false;
  if (chain.state === 'open' && status === 'ready') {
    const step = await currentStep(db, invoiceId);
    if (step) {
      const may = await eligibility(db, user, invoiceId, step);
      mayApprove = may.ok;
      why = may.ok ? null : may.message;
      const people = await db<{ name: string; fallback: boolean }[]>`
        select u.first_name || ' ' || u.last_name as name, w.fallback from approval_waiting(null, ${invoiceId}) w join users u on u.id = w.user_id order by u.last_name, u.first_name`;
      waiting = people.map((p) => p.name);
      fallback = people.some((p) => p.fallback);
    }
  }
  return { ruleName: chain.ruleName, state: chain.state, startedAt: chain.startedAt, steps, mayApprove, why, waitingFor: waiting, fallback };
}

/** The dashboard's approval figures, over the invoices this user may see. */
export async function approvalFigures(db: Db, user: CurrentUser, now = new Date()) {
  const [row] = await db<{ dueSoon: number; waiting: number; medianDays: string | null; approved: number }[]>`
    select
      (select count(*)::int from approval_chains c join invoices i on i.id = c.invoice_id
        where c.state = 'open' and i.status = 'ready' and i.due_date <= ${todayOf(undefined, now)}::date + ${DUE_SOON_DAYS}::int and ${visibleInvoices(db, user)}) as due_soon,
      (select count(*)::int from approval_chains c join invoices i on i.id = c.invoice_id
        where c.state = 'open' and i.status = 'ready' and ${visibleInvoices(db, user)}) as waiting,
      (select round((percentile_cont(0.5) within group (order by extract(epoch from c.finished_at - c.started_at) / 86400))::numeric, 1)::text
        from approval_chains c join invoices i on i.id = c.invoice_id
        where c.state = 'approved' and c.finished_at > ${now}::timestamptz - interval '30 days' and ${visibleInvoices(db, user)}) as median_days,
      (select count(*)::int from approval_chains c join invoices i on i.id = c.invoice_id
        where c.state = 'approved' and c.finished_at > ${now}::timestamptz - interval '30 days' and ${visibleInvoices(db, user)}) as approved`;
  return row!;
}
