/*
 * The ERP's answer comes back (issue 16): an approved invoice is awaiting export; the ERP
 * (through the API, or an export batch it confirms) says it was booked, with its own
 * document id, or that it failed, with its message. A failure is the new status
 * export_failed: the invoice stays open, the page shows the ERP's message under "From your
 * ERP", and a user fixes it and exports again (back to approved).
 *
 * updated_at is kept by a trigger so the API can answer "what changed since" (updatedSince)
 * without a poller reading every invoice. Existing invoices start at this migration's time.
 *
 * invoice_events gains actor_label: results and payments come from an API token or an
 * export batch, not a signed-in user, and the history says which. New actions:
 * export_result (an ERP result that does not change the status, e.g. a second failure) and
 * paid (a payment the ERP confirmed, also in invoice_payments).
 */
alter table invoices drop constraint invoices_status_known;
alter table invoices add constraint invoices_status_known
  check (status in ('received', 'in_review', 'ready', 'approved', 'exported', 'on_hold', 'cancelled', 'rejected', 'export_failed'));

alter table invoices
  add column erp_document_id text,
  add column erp_message text,
  add column exported_at timestamptz,
  add column export_failed_at timestamptz,
  add column updated_at timestamptz not null default now();
comment on column invoices.erp_document_id is E'The ERP\'s own id of the booked invoice, from its export result.';
comment on column invoices.erp_message is E'What the ERP said when the export failed (shown under "From your ERP"); kept until the next result.';
comment on column invoices.updated_at is E'Last change of the invoice row (trigger invoices_touch_updated_at); the API\'s updatedSince.';

create function invoices_touch_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;
create trigger invoices_touch_updated_at before update on invoices
  for each row execute function invoices_touch_updated_at();
create index invoices_updated_at_idx on invoices (updated_at, id);
-- the API pages by id within a company
create index invoices_company_id_idx on invoices (company_id, id);

alter table invoice_events add column actor_label text;
comment on column invoice_events.actor_label is E'Who acted when it was not a signed-in user: "API token ERP", "Export batch 12".';
alter table invoice_events drop constraint invoice_events_action_known;
alter table invoice_events add constraint invoice_events_action_known
  check (action in ('status', 'note', 'export_result', 'paid'));

create table invoice_payments (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  amount numeric not null,
  paid_on date not null,
  reference text,
  recorded_by_label text not null,
  recorded_at timestamptz not null default now(),
  constraint invoice_payments_amount_positive check (amount > 0),
  constraint invoice_payments_reference_length check (reference is null or char_length(reference) between 1 and 200)
);
create index invoice_payments_invoice_idx on invoice_payments (invoice_id, id);
comment on table invoice_payments is E'Payments of an invoice confirmed by the ERP (POST /api/v1/invoices/{id}/payment); each also answers the supplier PD (paid) once.';
