/*
 * Document Group assignment moves out of invoices into a narrow table (issue 6).
 *
 * A reassignment writes up to a million rows; as invoices.document_group_id each of them
 * was a non-HOT update of the wide invoices row, a new entry in all 17 of its indexes and a
 * foreign-key check. invoice_groups holds one row per invoice (group_id null: Unassigned)
 * with two small btree indexes.
 *
 * status is a copy of invoices.status, kept by a trigger, so that "invoices of these groups
 * in this status" is one range of invoice_groups_group_idx: a clerk's capped status counts
 * start there instead of testing every invoice of a status (src/invoices/visibility.ts).
 * Only the trigger writes status after a row exists; the reassignment changes group_id
 * alone, so the two never overwrite each other (row locks order them). Imports and this
 * migration create every invoice's row; the job creates the rows of invoices that came
 * some other way.
 *
 * No foreign keys, on purpose: their per-row check triggers made a bulk insert of assignments
 * about six times slower (measured: 88,176 rows in 0.33 s without, 1.86 s with both). The
 * cascades are statement-level triggers instead (one statement each, via transition tables):
 * deleting an invoice deletes its row, deleting a group makes its invoices Unassigned at
 * once. A full reassignment also deletes any row whose invoice is gone.
 */
create table invoice_groups (
  invoice_id bigint primary key,
  group_id bigint,
  status text not null
);
create index invoice_groups_group_idx on invoice_groups (group_id, status, invoice_id);
comment on table invoice_groups is E'Which Document Group each invoice belongs to (the first it matches by priority; null: Unassigned). Written by src/groups/assign.ts.';
comment on column invoice_groups.status is E'Copy of invoices.status (trigger invoices_status_to_groups), so group + status is one index range.';

insert into invoice_groups (invoice_id, group_id, status)
select id, document_group_id, status from invoices;

create function invoice_groups_follow_status() returns trigger language plpgsql as $$
begin
  update invoice_groups set status = new.status where invoice_id = new.id;
  return null;
end $$;
create trigger invoices_status_to_groups after update of status on invoices
  for each row when (old.status is distinct from new.status) execute function invoice_groups_follow_status();

create function invoice_groups_forget_invoices() returns trigger language plpgsql as $$
begin
  delete from invoice_groups a using gone where a.invoice_id = gone.id;
  return null;
end $$;
create trigger invoices_forget_groups after delete on invoices
  referencing old table as gone for each statement execute function invoice_groups_forget_invoices();

create function invoice_groups_unassign_groups() returns trigger language plpgsql as $$
begin
  update invoice_groups a set group_id = null from gone where a.group_id = gone.id;
  return null;
end $$;
create trigger document_groups_unassign_invoices after delete on document_groups
  referencing old table as gone for each statement execute function invoice_groups_unassign_groups();

drop index invoices_document_group_idx;
drop index invoices_status_counts_idx;
alter table invoices drop column document_group_id;
comment on table invoices is E'One invoice read from a document. Supplier content is read-only; apdesk\'s own fields are status and duplicate_of (its group is in invoice_groups).';
-- status counts per company: status and company from the index, the id to meet invoice_groups
create index invoices_status_counts_idx on invoices (status, company_id, id);
