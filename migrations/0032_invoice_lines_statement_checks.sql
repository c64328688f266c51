/*
 * Invoice lines and tax rows check their invoice once per statement instead of once per row.
 *
 * The foreign keys of 0003 ran one referential check (an SPI query locking the invoice FOR KEY
 * SHARE) for every line inserted: twenty per imported invoice, about a third of the PostgreSQL
 * CPU of storing its lines (bench/import-statements.ts). As for invoice_groups (0008), statement-level
 * triggers with transition tables do the same work once per statement:
 * - an insert (or a change of invoice_id) locks every invoice it names FOR KEY SHARE, as the
 *   foreign key did (a concurrent delete of that invoice waits, or this insert fails), and refuses
 *   the statement with SQLSTATE 23503 when one of them does not exist;
 * - deleting invoices deletes their lines and tax rows (the cascade; the lines' own codings and
 *   match outcomes still follow through their foreign keys).
 */
create function invoice_children_check_invoices() returns trigger language plpgsql as $$
declare
  wanted bigint;
  found bigint;
begin
  select count(distinct invoice_id) into wanted from added;
  select count(*) into found from (
    select 1 from invoices i where i.id in (select invoice_id from added) for key share of i
  ) locked;
  if found < wanted then
    raise foreign_key_violation using message = format('insert or update on table "%s" names an invoice that does not exist', tg_table_name);
  end if;
  return null;
end $$;

create function invoice_children_forget_invoices() returns trigger language plpgsql as $$
begin
  delete from invoice_lines l using gone where l.invoice_id = gone.id;
  delete from invoice_tax_breakdowns t using gone where t.invoice_id = gone.id;
  return null;
end $$;

alter table invoice_lines drop constraint invoice_lines_invoice_id_fkey;
alter table invoice_tax_breakdowns drop constraint invoice_tax_breakdowns_invoice_id_fkey;
create trigger invoice_lines_check_invoices after insert on invoice_lines
  referencing new table as added for each statement execute function invoice_children_check_invoices();
create trigger invoice_lines_check_moved after update on invoice_lines
  referencing new table as added for each statement execute function invoice_children_check_invoices();
create trigger invoice_tax_breakdowns_check_invoices after insert on invoice_tax_breakdowns
  referencing new table as added for each statement execute function invoice_children_check_invoices();
create trigger invoice_tax_breakdowns_check_moved after update on invoice_tax_breakdowns
  referencing new table as added for each statement execute function invoice_children_check_invoices();
create trigger invoices_forget_lines after delete on invoices
  referencing old table as gone for each statement execute function invoice_children_forget_invoices();
