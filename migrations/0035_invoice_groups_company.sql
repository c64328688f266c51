/*
 * The company of each assignment (a copy of invoices.company_id), so that "which companies can
 * this clerk see" is a skip over invoice_groups (group_id, company_id): one index probe per
 * group and company (src/invoices/company-choices.ts), where the filter's choices used to test
 * every invoice of every company the clerk cannot see on each list view (O(all invoices):
 * ~50 ms of PostgreSQL CPU per view at 5 × 10,000 invoices, BENCHMARKS.md "My Invoices under load").
 *
 * Kept like status (migrations/0008): src/groups/assign.ts writes it with the row; a row
 * inserted without it (older code paths, tests) gets it from its invoice; a company change on an
 * invoice (an upload filed under a company, the buyer's VAT id matched later) follows by trigger.
 */
alter table invoice_groups add column company_id bigint;
update invoice_groups a set company_id = i.company_id from invoices i where i.id = a.invoice_id and i.company_id is not null;
create index invoice_groups_company_idx on invoice_groups (group_id, company_id);
comment on column invoice_groups.company_id is E'Copy of invoices.company_id (written with the row, trigger invoices_company_to_groups after), so a clerk\'s companies are a skip over (group_id, company_id).';

create function invoice_groups_fill_company() returns trigger language plpgsql as $$
begin
  select i.company_id into new.company_id from invoices i where i.id = new.invoice_id;
  return new;
end $$;
create trigger invoice_groups_company_on_insert before insert on invoice_groups
  for each row when (new.company_id is null) execute function invoice_groups_fill_company();

create function invoice_groups_follow_company() returns trigger language plpgsql as $$
begin
  update invoice_groups set company_id = new.company_id where invoice_id = new.id;
  return null;
end $$;
create trigger invoices_company_to_groups after update of company_id on invoices
  for each row when (old.company_id is distinct from new.company_id) execute function invoice_groups_follow_company();
