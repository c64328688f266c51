/*
 * The AP workflow on invoices: statuses, who changed what (invoice_events), notes, and the
 * editing lock.
 *
 * status is apdesk's own field; the supplier's content stays read-only. An invoice put on
 * hold remembers where it was (held_from) so Resume returns it there; hold and rejection
 * keep their reason on the row (status_reason) for the list and on the event for history.
 * invoice_events is append-only and outlives its actor (actor_id set null).
 *
 * invoice_locks holds at most one editor per invoice. A lock whose last_active_at is older
 * than 15 minutes is free to take (src/invoices/lock.ts); rows are replaced, not piled up.
 *
 * The extra indexes serve My Invoices' sortable columns: keyset paging orders by
 * (sort value, id), so each sort needs an index on exactly that pair; the expressions
 * (coalesce …) must stay identical to src/invoices/sorts.ts.
 */
alter table invoices
  add column held_from text,
  add column status_reason text,
  add column status_changed_at timestamptz,
  add constraint invoices_status_known check (status in ('received', 'in_review', 'ready', 'approved', 'exported', 'on_hold', 'cancelled', 'rejected')),
  add constraint invoices_held_from_only_on_hold check ((status = 'on_hold') = (held_from is not null));
comment on column invoices.held_from is E'The status an on-hold invoice returns to when resumed.';
comment on column invoices.status_reason is E'Why it is on hold or rejected (null in other statuses).';

create table invoice_events (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  actor_id bigint references users (id) on delete set null,
  action text not null,
  from_status text,
  to_status text,
  reason text,
  at timestamptz not null default now(),
  constraint invoice_events_action_known check (action in ('status', 'note')),
  constraint invoice_events_status_has_states check (action <> 'status' or (from_status is not null and to_status is not null)),
  constraint invoice_events_note_has_text check (action <> 'note' or char_length(reason) between 1 and 4000)
);
create index invoice_events_invoice_idx on invoice_events (invoice_id, at, id);
comment on table invoice_events is E'Audit log of apdesk\'s changes to an invoice: status changes (from, to, reason) and notes (reason = the note).';

create table invoice_locks (
  invoice_id bigint primary key references invoices (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  locked_at timestamptz not null default now(),
  last_active_at timestamptz not null default now()
);
comment on table invoice_locks is E'Who is editing an invoice. Expired (free) once last_active_at is 15 minutes old.';

create index invoices_status_idx on invoices (status, received_at desc, id desc);
-- status counts for group members and per company, read from the index alone (src/invoices/status-counts.ts)
create index invoices_status_counts_idx on invoices (status, document_group_id, company_id);
create index invoices_status_sort_idx on invoices (status, id);
create index invoices_number_sort_idx on invoices (invoice_number, id);
create index invoices_supplier_sort_idx on invoices ((coalesce(seller_name, '')), id);
create index invoices_issue_date_sort_idx on invoices (issue_date, id);
create index invoices_due_date_sort_idx on invoices ((coalesce(due_date, 'infinity'::date)), id);
create index invoices_total_sort_idx on invoices ((coalesce(tax_inclusive_amount, payable_amount, 0)), id);
