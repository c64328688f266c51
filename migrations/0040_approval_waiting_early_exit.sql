/*
 * approval_waiting(person) answers at once when no current approval step can reach the person: the
 * partial index of current steps is probed with the same condition the function's main query starts
 * from (named for them or whoever delegates to them today, one of their roles, or any step for an AP
 * Admin or for everyone). The navigation's count runs it on every full page, and a clerk is rarely
 * an approver: under bench/load.ts it cost ~2.6 ms of PostgreSQL CPU per page (its statements are
 * planned with the values on every call, migrations/0031), now one index probe. Same answers.
 */
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
  end if;
  if not exists (
    select 1 from approval_steps s
    where s.started_at is not null and s.done_at is null
      and (only_invoice is null or s.chain_id in (select c.id from approval_chains c where c.invoice_id = only_invoice))
      and (person is null or p_admin or s.approver_id = any(reaching) or s.roles && p_roles)
  ) then
    return;
  end if;
  if person is not null then
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

alter function approval_waiting(bigint, bigint) set plan_cache_mode = force_custom_plan;
