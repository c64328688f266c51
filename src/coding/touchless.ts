/*
 * The touchless rate: of the invoices received in [from, to), the share that reached Ready
 * without anyone changing their coding (rules, the last invoice and matching did it all).
 */
import type { Db } from '../db/connection';

export type TouchlessRate = { received: number; touchless: number; rate: number | null };

export async function touchlessRate(db: Db, { from, to }: { from: Date; to: Date }): Promise<TouchlessRate> {
  const [row] = await db<{ received: number; touchless: number }[]>`
    select count(*)::int as received, count(*) filter (where a.ready_touchless and a.ready_at is not null)::int as touchless
    from invoices i left join invoice_automation a on a.invoice_id = i.id
    where i.received_at >= ${from} and i.received_at < ${to}`;
  const { received, touchless } = row!;
  return { received, touchless, rate: received === 0 ? null : touchless / received };
}
