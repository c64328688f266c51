/*
 * approval_waiting(person) for one person no longer judges every open chain. Measured with
 * bench/approvals.ts (100,000 invoices, 2,000 open chains, 300 users): 0021's function took
 * 120 ms for a manager's navigation count and added 100 ms to every My Invoices page of a
 * group member. Now:
 * - the current step is the one started and not done (one per open chain by construction),
 *   read from a partial index instead of a lateral "first undone step" per chain;
 * - for one person only the steps that can reach them are judged: named for them or for
 *   someone whose delegation leads to them today, of one of their roles, or (AP Admins) any;
 * - segregation for one person is three small sets computed once (chains they marked Ready or
 *   approved in, invoices in approval they coded), not three lookups per chain;
 * - which roles any active user holds is read once, not per chain.
 * The answer is the same as 0021's; only the work differs.
 */
create index approval_steps_current_idx on approval_steps (chain_id) where started_at is not null and done_at is null;
create index invoice_line_codings_coded_by_idx on invoice_line_codings (coded_by) where coded_by is not null;

create or replace function approval_waiting(person bigint, only_invoice bigint default null)
returns table (chain_id bigint, invoice_id bigint, step_id bigint, user_id bigint, on_behalf_of bigint, fallback boolean)
language plpgsql stable as $$
declare
  p_roles text[];
  p_admin boolean := false;
  reaching bigint[];
  held text[];
  seg_chains bigint[];
  seg_invoices bigint[];
begin
  if person is not null then
    select u.roles, 'ap_admin' = any(u.roles) into p_roles, p_admin from users u where u.id = person and u.active;
    if not found then return; end if;
    -- this person, and whoever's steps reach them today through delegations (at most 5 hops, as approval_effective_approver)
    with recursive d(id, depth) as (
      select person, 0
      union
      select x.user_id, d.depth + 1 from approval_delegations x join d on x.delegate_id = d.id
      where current_date between x.starts_on and x.ends_on and d.depth < 5
    )
    select array_agg(d.id) into reaching from d;
    seg_chains := array(
      select c.id from approval_chains c where c.state = 'open' and c.ready_by = person
      union select d.chain_id from approval_decisions d where d.user_id = person or d.on_behalf_of = person);
    seg_invoices := array(
      select l.invoice_id from invoice_line_codings lc join invoice_lines l on l.id = lc.invoice_line_id
      join approval_chains c on c.invoice_id = l.invoice_id and c.state = 'open'
      where lc.coded_by = person);
  end if;
  held := array(select distinct r from users u, unnest(u.roles) r where u.active);
  return query
  with cur as materialized (
    select c.id as chain_id, c.invoice_id, s.id as step_id, s.approver_id, s.roles,
           case when s.approver_id is not null then approval_effective_approver(s.approver_id, current_date) end as eff
    from approval_steps s
    join approval_chains c on c.id = s.chain_id and c.state = 'open'
    join invoices inv on inv.id = c.invoice_id and inv.status = 'ready'
    where s.started_at is not null and s.done_at is null
      and (only_invoice is null or c.invoice_id = only_invoice)
      and (person is null or p_admin or s.approver_id = any(reaching) or s.roles && p_roles)
  ),
  judged as materialized (
    select cur.*,
      case
        when cur.roles is not null then not (cur.roles && held)
        when cur.eff is null then true
        else not exists (select 1 from users u where u.id = cur.eff and u.active) or approval_segregated(cur.eff, cur.chain_id)
      end as orphaned
    from cur
  )
  select j.chain_id, j.invoice_id, j.step_id, u.id, case when u.id <> j.approver_id then j.approver_id end, false
  from judged j join users u on u.id = j.eff
  where not j.orphaned and j.roles is null and (person is null or u.id = person)
  union all
  select j.chain_id, j.invoice_id, j.step_id, u.id, null::bigint, false
  from judged j join users u on u.active and u.roles && j.roles
  where not j.orphaned and j.roles is not null and (
    case when person is null then not approval_segregated(u.id, j.chain_id)
         else u.id = person and not (j.chain_id = any(seg_chains) or j.invoice_id = any(seg_invoices)) end)
  union all
  select j.chain_id, j.invoice_id, j.step_id, u.id, null::bigint, true
  from judged j join users u on u.active and 'ap_admin' = any(u.roles)
  where j.orphaned and (
    case when person is null then not approval_segregated(u.id, j.chain_id)
         else u.id = person and not (j.chain_id = any(seg_chains) or j.invoice_id = any(seg_invoices)) end);
end $$;
