/*
 * Out of office: a period and a delegate. Steps that would wait for someone away go to their
 * delegate (approval_effective_approver follows the delegates in the database), and the
 * decision is recorded "on behalf of" them. A delegate who is away at the same time and
 * delegates back (directly or round a longer circle) would leave the step with nobody: refused.
 */
import * as v from 'valibot';
import type { Db, Sql } from '../db/connection';
import { audit } from './policies';

export type Delegation = { delegateId: number; delegateName: string; startsOn: string; endsOn: string; current: boolean };

export async function delegationOf(db: Db, userId: number): Promise<Delegation | null> {
  const [row]: [Delegation?] = await db`
    select d.delegate_id::int, u.first_name || ' ' || u.last_name as delegate_name, d.starts_on::text, d.ends_on::text,
           current_date between d.starts_on and d.ends_on as current
    from approval_delegations d join users u on u.id = d.delegate_id where d.user_id = ${userId}`;
  return row ?? null;
}

const DATE = v.pipe(v.string(), v.trim(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD.'), v.check((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Enter a real date.'));

export const DelegationSchema = v.pipe(
  v.object({
    starts_on: DATE,
    ends_on: DATE,
    delegate_id: v.pipe(v.string('Choose a delegate.'), v.regex(/^\d{1,15}$/, 'Choose a delegate.'), v.transform(Number)),
  }),
  v.forward(v.check((d) => d.ends_on >= d.starts_on, 'The last day comes on or after the first.'), ['ends_on']),
);

export type DelegationOutcome = { ok: true; delegateName: string } | { ok: false; field: 'delegate_id' | 'ends_on'; message: string };

export function setDelegation(sql: Sql, userId: number, input: { startsOn: string; endsOn: string; delegateId: number }): Promise<DelegationOutcome> {
  return sql.begin(async (tx): Promise<DelegationOutcome> => {
    // One delegation change at a time, so two people cannot close a circle at the same instant.
    await tx`select pg_advisory_xact_lock(7311015)`;
    if (input.delegateId === userId) return { ok: false, field: 'delegate_id', message: 'Choose someone other than yourself.' };
    const [delegate] = await tx<{ name: string; active: boolean }[]>`select first_name || ' ' || last_name as name, active from users where id = ${input.delegateId}`;
    if (!delegate) return { ok: false, field: 'delegate_id', message: 'Choose a delegate from the list.' };
    if (!delegate.active) return { ok: false, field: 'delegate_id', message: `${delegate.name} is deactivated; choose an active delegate.` };
    const circle = await tx<{ names: string[] }[]>`
      with recursive hop(user_id, names, depth) as (
        select ${input.delegateId}::bigint, array[${delegate.name}]::text[], 1
        union all
        select d.delegate_id, h.names || (u.first_name || ' ' || u.last_name), h.depth + 1
        from hop h join approval_delegations d on d.user_id = h.user_id and d.user_id <> ${userId}
          and daterange(d.starts_on, d.ends_on, '[]') && daterange(${input.startsOn}::date, ${input.endsOn}::date, '[]')
        join users u on u.id = d.delegate_id
        where h.depth < 10 and h.user_id <> ${userId}
      )
      select names from hop where user_id = ${userId} limit 1`;
    if (circle[0]) {
      return { ok: false, field: 'delegate_id', message: `That makes a circle of delegates (${circle[0].names.join(' → ')}): while all of you are away nobody would approve. Choose someone else.` };
    }
    await tx`
      insert into approval_delegations (user_id, delegate_id, starts_on, ends_on) values (${userId}, ${input.delegateId}, ${input.startsOn}, ${input.endsOn})
      on conflict (user_id) do update set delegate_id = excluded.delegate_id, starts_on = excluded.starts_on, ends_on = excluded.ends_on, updated_at = now()`;
    const [me] = await tx<{ name: string }[]>`select first_name || ' ' || last_name as name from users where id = ${userId}`;
    await audit(tx, userId, 'delegation_set', me!.name, `Out of office ${input.startsOn} to ${input.endsOn}; delegate ${delegate.name}`);
    return { ok: true, delegateName: delegate.name };
  });
}

export function clearDelegation(sql: Sql, userId: number) {
  return sql.begin(async (tx) => {
    const rows = await tx`delete from approval_delegations where user_id = ${userId} returning user_id`;
    if (rows.length) {
      const [me] = await tx<{ name: string }[]>`select first_name || ' ' || last_name as name from users where id = ${userId}`;
      await audit(tx, userId, 'delegation_cleared', me!.name, 'Back in the office');
    }
    return rows.length > 0;
  });
}

export const activeColleagues = (db: Db, userId: number) =>
  db<{ id: number; name: string; email: string }[]>`
    select id::int, first_name || ' ' || last_name as name, email::text from users where active and id <> ${userId} order by last_name, first_name`;
