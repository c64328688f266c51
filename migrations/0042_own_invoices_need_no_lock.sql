/*
 * Lines and tax rows of invoices this transaction wrote lock nothing (the check of 0032, cheaper).
 *
 * The statement-level check locks every invoice the new rows name FOR KEY SHARE, so that no other
 * transaction deletes one before this one commits. An invoice whose row version this transaction
 * wrote (xmin = our transaction id) needs no lock: a row it inserted is invisible to every other
 * transaction, and a row it updated is already locked by the update. The import inserts the
 * invoices and their lines in one transaction, so it now only counts them, without writing a lock
 * (and its WAL record) into each invoice row twice (lines, then tax rows). Rows written under a
 * savepoint carry the subtransaction's id and are locked as before.
 */
create or replace function invoice_children_check_invoices() returns trigger language plpgsql as $$
declare
  me constant xid := pg_current_xact_id()::xid;
  wanted bigint;
  found bigint;
  others bigint := 0;
begin
  select count(distinct invoice_id) into wanted from added;
  select count(*) into found from invoices i where i.id in (select invoice_id from added) and i.xmin = me;
  if found < wanted then
    select count(*) into others from (
      select 1 from invoices i where i.id in (select invoice_id from added) and i.xmin <> me for key share of i
    ) locked;
  end if;
  if found + others < wanted then
    raise foreign_key_violation using message = format('insert or update on table "%s" names an invoice that does not exist', tg_table_name);
  end if;
  return null;
end $$;
