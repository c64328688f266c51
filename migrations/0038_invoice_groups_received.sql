/*
 * The received time of each assignment (a copy of invoices.received_at), so that a clerk's My Invoices,
 * newest first, walks her own groups' rows in list order and meets invoices only for the page's rows
 * (src/invoices/clerk-list.ts). Without it her page joined her invoice_groups rows to every invoice:
 * after a real first import each company's invoices sit in one block of time, so the walk of
 * invoices_newest_idx passes every other company's invoices first and PostgreSQL hashes them all instead
 * (50 ms a first page, 231 ms a search at 5 × 10,000 invoices; BENCHMARKS.md "Full size on a quiet machine").
 *
 * Status is in the key before the time: a status tab is one range per group, and the open list a few
 * (one per open status) merged by time. Kept like company_id (migrations/0035): src/groups/assign.ts
 * writes it with the row, a row inserted without it gets it from its invoice, a change follows by trigger.
 */
alter table invoice_groups add column received_at timestamptz;
update invoice_groups a set received_at = i.received_at from invoices i where i.id = a.invoice_id;
create index invoice_groups_newest_idx on invoice_groups (group_id, status, received_at desc, invoice_id desc);
comment on column invoice_groups.received_at is E'Copy of invoices.received_at (written with the row, trigger invoices_received_to_groups after), so a clerk\'s newest-first list is a range of (group_id, status, received_at desc, invoice_id desc) per group and status.';

create function invoice_groups_fill_received() returns trigger language plpgsql as $$
begin
  select i.received_at into new.received_at from invoices i where i.id = new.invoice_id;
  return new;
end $$;
create trigger invoice_groups_received_on_insert before insert on invoice_groups
  for each row when (new.received_at is null) execute function invoice_groups_fill_received();

create function invoice_groups_follow_received() returns trigger language plpgsql as $$
begin
  update invoice_groups set received_at = new.received_at where invoice_id = new.id;
  return null;
end $$;
create trigger invoices_received_to_groups after update of received_at on invoices
  for each row when (old.received_at is distinct from new.received_at) execute function invoice_groups_follow_received();
