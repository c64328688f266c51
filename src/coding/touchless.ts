/*
 * The touchless rate: of the invoices received in [from, to), the share that reached Ready
 * without anyone changing their coding (rules, the last invoice and matching did it all).
 * With a user, only the invoices that user may see count, so the dashboard and the Coding
 * rules page show the same figure to the same person (views/components/touchless.tsx words it).
 */
import type { Db } from '../db/connection';
import type { CurrentUser } from '../http/context';
import { visibleInvoices } from '../invoices/visibility';

export type TouchlessRate = { received: number; touchless: number; rate: number | null };

const DAY = 86_400_000;

/** The period both pages show first: the last 30 days up to `now`. */
export const lastThirtyDays = (now = new Date()) => ({ from: new Date(now.getTime() - 30 * DAY), to: now });

export async function touchlessRate(db: Db, { from, to }: { from: Date; to: Date }, user?: CurrentUser): Promise<TouchlessRate> {
  const [row] = await db<{ received: number; touchless: number }[]>`
    select count(*)::int as received, count(*) filter (where a.ready_touchless and a.ready_at is not null)::int as touchless
    from invoices i left join invoice_automation a on a.invoice_id = i.id
    where i.received_at >= ${from} and i.received_at < ${to} and ${user ? visibleInvoices(db, user) : db`true`}`;
  const { received, touchless } = row!;
  return { received, touchless, rate: received === 0 ? null : touchless / received };
}
