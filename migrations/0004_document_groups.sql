/*
 * Document Groups decide who sees which invoices. A group is a tree of conditions over the
 * invoice's fields (kept as jsonb and validated in TypeScript, src/groups/conditions.ts);
 * the groups are tried in priority order (1 first) and an invoice belongs to the first one
 * it matches, or to none ("Unassigned", document_group_id null). Users see the invoices of
 * the groups they are assigned to; Financial Accounting and admins see all.
 *
 * Priority is unique but deferrable, so a reorder can rewrite every position in one
 * transaction. Every change to a group or its users is written to document_group_events;
 * an event outlives its group (group_id set null, the name copied) so deletions stay on record.
 */
create table document_groups (
  id bigint generated always as identity primary key,
  name citext not null,
  priority integer not null,
  conditions jsonb not null,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint document_groups_name_unique unique (name),
  constraint document_groups_name_length check (char_length(name) between 1 and 100),
  constraint document_groups_priority_unique unique (priority) deferrable initially deferred,
  constraint document_groups_conditions_is_group check (jsonb_typeof(conditions) = 'object')
);
comment on table document_groups is E'Named sets of invoices defined by conditions; an invoice belongs to the first group (by priority) it matches.';
comment on column document_groups.conditions is E'{"join":"and"|"or","children":[{"field","op","value"} | nested group, …]}; validated by src/groups/conditions.ts.';

alter table invoices
  add constraint invoices_document_group_fk foreign key (document_group_id) references document_groups (id) on delete set null;
create index invoices_document_group_idx on invoices (document_group_id, received_at desc, id desc);

create table document_group_members (
  group_id bigint not null references document_groups (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  assigned_by bigint references users (id) on delete set null,
  assigned_at timestamptz not null default now(),
  primary key (group_id, user_id)
);
create index document_group_members_user_idx on document_group_members (user_id, group_id);
comment on table document_group_members is E'Which users see which groups. Only user admins change it.';

create table document_group_events (
  id bigint generated always as identity primary key,
  group_id bigint references document_groups (id) on delete set null,
  group_name text not null,
  actor_id bigint references users (id) on delete set null,
  action text not null,
  details jsonb not null default '{}',
  at timestamptz not null default now(),
  constraint document_group_events_action_known check (action in ('created', 'changed', 'reordered', 'deleted', 'assigned', 'unassigned'))
);
create index document_group_events_group_idx on document_group_events (group_id, at desc);
create index document_group_events_at_idx on document_group_events (at desc);
comment on table document_group_events is E'Audit log: who created, changed, reordered, deleted or assigned a group, and when.';
