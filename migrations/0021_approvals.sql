/*
 * Approvals (issue 15): who signs off which invoice, enforced, notified and audited.
 *
 * approval_rules is an ordered list, first match wins; conditions use the Document Groups
 * condition model (plus a few approval fields, src/approvals/fields.ts). The default rule
 * (conditions null) is always last and catches the rest. Steps are JSON: a named user,
 * any user with one of some roles (with a minimum count), or the owner of each line's cost
 * centre.
 *
 * When an invoice reaches Ready its chain is built from the matching rule and stored:
 * approval_chains + approval_steps, so a later policy change never alters a chain already
 * under way. approval_decisions records each sign-off; "the same person cannot approve two
 * steps of one invoice" is the unique (chain_id, user_id) below, not only an application check.
 *
 * Delegation (out of office) is resolved when someone asks who a step waits for
 * (approval_effective_approver), so coming back early needs no rewrite of waiting steps.
 *
 * An approved (or exported) invoice's amounts, supplier and coding cannot change: the
 * triggers at the end refuse it whatever code path tries.
 */

alter table cost_centres add column owner_id bigint references users (id) on delete set null;
comment on column cost_centres.owner_id is E'The spend owner: approves lines coded to this cost centre when a policy has a cost-centre-owner step.';

create table approval_rules (
  id bigint generated always as identity primary key,
  name text not null,
  position integer not null,
  conditions jsonb,
  steps jsonb not null,
  is_default boolean not null default false,
  updated_by bigint references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  constraint approval_rules_name_length check (char_length(name) between 1 and 100),
  constraint approval_rules_position_unique unique (position) deferrable initially deferred,
  constraint approval_rules_default_has_no_conditions check (is_default = (conditions is null)),
  constraint approval_rules_steps_array check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) between 1 and 10)
);
create unique index approval_rules_one_default on approval_rules (is_default) where is_default;
comment on table approval_rules is E'Approval policies: first matching rule (by position) gives the chain; the default rule (no conditions) catches the rest.';

insert into approval_rules (name, position, conditions, steps, is_default)
values ('Default', 1000000, null, '[{"kind":"role","roles":["ap_manager","ap_admin"],"count":1}]', true);

create table approval_chains (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  rule_id bigint references approval_rules (id) on delete set null,
  rule_name text not null,
  state text not null default 'open',
  ready_by bigint references users (id) on delete set null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint approval_chains_state_known check (state in ('open', 'approved', 'cancelled'))
);
create unique index approval_chains_one_open on approval_chains (invoice_id) where state = 'open';
create index approval_chains_invoice_idx on approval_chains (invoice_id, id);
create index approval_chains_finished_idx on approval_chains (finished_at) where state = 'approved';
comment on table approval_chains is E'The chain an invoice got when it reached Ready, kept as built. open → approved, or cancelled when it left Ready.';

create table approval_steps (
  id bigint generated always as identity primary key,
  chain_id bigint not null references approval_chains (id) on delete cascade,
  position integer not null,
  label text not null,
  approver_id bigint references users (id) on delete set null,
  roles text[],
  required integer not null default 1,
  started_at timestamptz,
  done_at timestamptz,
  constraint approval_steps_position_unique unique (chain_id, position),
  constraint approval_steps_who check ((approver_id is not null) <> (roles is not null) or (approver_id is null and roles is null)),
  constraint approval_steps_required_positive check (required between 1 and 20)
);
create index approval_steps_waiting_idx on approval_steps (approver_id) where started_at is not null and done_at is null;
comment on column approval_steps.approver_id is E'A named approver (a named user or a cost centre\'s owner); null with roles null = the owner was missing: AP Admins decide.';
comment on column approval_steps.started_at is E'When the step started waiting (the previous step was done); null for steps to come.';

create table approval_decisions (
  id bigint generated always as identity primary key,
  chain_id bigint not null references approval_chains (id) on delete cascade,
  step_id bigint not null references approval_steps (id) on delete cascade,
  user_id bigint not null references users (id) on delete restrict,
  on_behalf_of bigint references users (id) on delete set null,
  at timestamptz not null default now(),
  constraint approval_decisions_one_per_person unique (chain_id, user_id)
);
create index approval_decisions_step_idx on approval_decisions (step_id);

create table approval_delegations (
  user_id bigint primary key references users (id) on delete cascade,
  delegate_id bigint not null references users (id) on delete cascade,
  starts_on date not null,
  ends_on date not null,
  updated_at timestamptz not null default now(),
  constraint approval_delegations_not_self check (delegate_id <> user_id),
  constraint approval_delegations_period check (ends_on >= starts_on)
);
comment on table approval_delegations is E'Out of office: from starts_on to ends_on (inclusive) steps waiting for user_id go to delegate_id.';

create table approval_notifications (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  invoice_id bigint not null references invoices (id) on delete cascade,
  step_id bigint not null references approval_steps (id) on delete cascade,
  created_at timestamptz not null default now(),
  digested_at timestamptz,
  constraint approval_notifications_once unique (step_id, user_id)
);
create index approval_notifications_pending_idx on approval_notifications (user_id) where digested_at is null;
comment on table approval_notifications is E'"A step started waiting for you": gathered into at most one digest email per person per hour.';

create table approval_audit (
  id bigint generated always as identity primary key,
  actor_id bigint references users (id) on delete set null,
  action text not null,
  subject text not null,
  detail text,
  at timestamptz not null default now(),
  constraint approval_audit_action_known check (action in ('rule_created', 'rule_changed', 'rule_deleted', 'rule_moved', 'delegation_set', 'delegation_cleared', 'owner_set'))
);
create index approval_audit_at_idx on approval_audit (at desc, id desc);
comment on table approval_audit is E'Settings audit log of approvals: policy changes, delegations and cost centre owners, with who and when.';

alter table invoice_events drop constraint invoice_events_action_known;
alter table invoice_events add constraint invoice_events_action_known check (action in ('status', 'note', 'export_result', 'paid', 'approval'));

/* Who a named approver's steps go to today: follows delegates while each is out of office (at most 5 hops). */
create function approval_effective_approver(approver bigint, on_day date) returns bigint
language plpgsql stable as $$
declare
  current_id bigint := approver;
  next_id bigint;
begin
  for hop in 1..5 loop
    select d.delegate_id into next_id from approval_delegations d
    where d.user_id = current_id and on_day between d.starts_on and d.ends_on;
    exit when next_id is null;
    current_id := next_id;
  end loop;
  return current_id;
end $$;

/* Whoever coded the invoice, marked it Ready or approved a step of it (or had one approved on their behalf) may not approve a step of this chain. */
create function approval_segregated(person bigint, chain bigint) returns boolean
language sql stable as $$
  select exists (select 1 from approval_chains c where c.id = chain and c.ready_by = person)
      or exists (select 1 from approval_chains c join invoice_lines l on l.invoice_id = c.invoice_id
                 join invoice_line_codings lc on lc.invoice_line_id = l.id where c.id = chain and lc.coded_by = person)
      or exists (select 1 from approval_decisions d where d.chain_id = chain and (d.user_id = person or d.on_behalf_of = person))
$$;

/*
 * Who the current step of each open chain of a Ready invoice waits for today (person null:
 * everyone; else only that person's rows; only_invoice: just that invoice's chain). A named approver's step goes to their delegate
 * while they are out of office; when the approver (or delegate) is deactivated, no owner was
 * set, the approver may not approve this invoice, or nobody holds the step's roles, it goes
 * to the AP Admins (fallback = true, shown with a warning).
 */
create function approval_waiting(person bigint, only_invoice bigint default null)
returns table (chain_id bigint, invoice_id bigint, step_id bigint, user_id bigint, on_behalf_of bigint, fallback boolean)
language sql stable as $$
  with cur as (
    select c.id as chain_id, c.invoice_id, s.id as step_id, s.approver_id, s.roles,
           case when s.approver_id is not null then approval_effective_approver(s.approver_id, current_date) end as eff
    from approval_chains c
    join invoices inv on inv.id = c.invoice_id and inv.status = 'ready'
    join lateral (select s.id, s.approver_id, s.roles from approval_steps s where s.chain_id = c.id and s.done_at is null order by s.position limit 1) s on true
    where c.state = 'open' and (only_invoice is null or c.invoice_id = only_invoice)
  ),
  judged as (
    select cur.*,
      case
        when cur.roles is not null then not exists (select 1 from users u where u.active and u.roles && cur.roles)
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
  where not j.orphaned and j.roles is not null and (person is null or u.id = person) and not approval_segregated(u.id, j.chain_id)
  union all
  select j.chain_id, j.invoice_id, j.step_id, u.id, null::bigint, true
  from judged j join users u on u.active and 'ap_admin' = any(u.roles)
  where j.orphaned and (person is null or u.id = person) and not approval_segregated(u.id, j.chain_id)
$$;

/* An invoice leaving Ready for review (or rejected, cancelled) drops its open chain; the next Ready builds a new one. On hold keeps it. */
create function approval_cancel_chain() returns trigger
language plpgsql as $$
begin
  if new.status in ('received', 'in_review', 'rejected', 'cancelled') and old.status is distinct from new.status then
    update approval_chains set state = 'cancelled', finished_at = now() where invoice_id = new.id and state = 'open';
  end if;
  return new;
end $$;
create trigger invoices_approval_cancel after update of status on invoices for each row execute function approval_cancel_chain();

/* Approved and exported (or export failed) invoices keep their amounts, supplier and coding; so does an approved one put on hold. */
create function approval_freeze_invoice() returns trigger
language plpgsql as $$
begin
  if (old.status in ('approved', 'exported', 'export_failed') or old.held_from = 'approved') and (
       (old.seller_name, old.seller_trading_name, old.seller_vat_id, old.seller_country, old.seller_address, old.payee_iban, old.currency)
         is distinct from (new.seller_name, new.seller_trading_name, new.seller_vat_id, new.seller_country, new.seller_address, new.payee_iban, new.currency)
    or (old.line_net_amount, old.allowance_amount, old.charge_amount, old.tax_exclusive_amount, old.tax_amount, old.tax_inclusive_amount,
        old.prepaid_amount, old.rounding_amount, old.withholding_amount, old.payable_amount)
         is distinct from (new.line_net_amount, new.allowance_amount, new.charge_amount, new.tax_exclusive_amount, new.tax_amount, new.tax_inclusive_amount,
        new.prepaid_amount, new.rounding_amount, new.withholding_amount, new.payable_amount))
  then
    raise exception 'invoice % is approved: its amounts and supplier cannot change', old.invoice_number using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger invoices_approval_freeze before update on invoices for each row execute function approval_freeze_invoice();

create function approval_freeze_coding() returns trigger
language plpgsql as $$
declare
  line_id bigint := coalesce(new.invoice_line_id, old.invoice_line_id);
  frozen text;
begin
  if tg_op = 'UPDATE' and new.invoice_line_id <> old.invoice_line_id then
    select i.invoice_number into frozen from invoice_lines l join invoices i on i.id = l.invoice_id
    where l.id = old.invoice_line_id and (i.status in ('approved', 'exported', 'export_failed') or i.held_from = 'approved');
  end if;
  if frozen is null then
    select i.invoice_number into frozen from invoice_lines l join invoices i on i.id = l.invoice_id
    where l.id = line_id and (i.status in ('approved', 'exported', 'export_failed') or i.held_from = 'approved');
  end if;
  if frozen is not null then
    raise exception 'invoice % is approved: its coding cannot change', frozen using errcode = 'check_violation';
  end if;
  return coalesce(new, old);
end $$;
create trigger invoice_line_codings_approval_freeze before insert or update or delete on invoice_line_codings
  for each row execute function approval_freeze_coding();

create function approval_freeze_lines() returns trigger
language plpgsql as $$
begin
  if exists (select 1 from invoices i where i.id = old.invoice_id and (i.status in ('approved', 'exported', 'export_failed') or i.held_from = 'approved'))
     and (old.quantity, old.unit_price, old.net_amount, old.tax_rate) is distinct from (new.quantity, new.unit_price, new.net_amount, new.tax_rate) then
    raise exception 'the invoice is approved: its lines cannot change' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger invoice_lines_approval_freeze before update on invoice_lines for each row execute function approval_freeze_lines();
