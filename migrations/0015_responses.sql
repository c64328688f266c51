/*
 * Answering the supplier through Pagero (issue 17): a Peppol Invoice Response per decision.
 *
 * Hold and reject carry a Peppol reason code (OPStatusReason) and optionally what the
 * supplier should do (OPStatusAction), on the invoice row (its current status) and on the
 * status event (history).
 *
 * response_settings: which decisions answer the supplier, per company. No row = the
 * defaults (src/responses/settings.ts).
 *
 * invoice_responses: one row per decision that answers the supplier, written in the same
 * transaction as the status change. The sending job posts it once: upload_started_at is
 * committed before the upload, so a later run that finds it set without a file_id first asks
 * Pagero (by senderReference = the row id) whether the file arrived, and never posts twice.
 */
alter table invoices
  add column status_reason_code text,
  add column status_action_code text;
comment on column invoices.status_reason_code is E'Peppol OPStatusReason code of the hold or rejection (null in other statuses).';
comment on column invoices.status_action_code is E'Peppol OPStatusAction code: what the supplier should do (optional).';

alter table invoice_events
  add column reason_code text,
  add column action_code text;

create table response_settings (
  company_id bigint primary key references pagero_companies (id) on delete cascade,
  acknowledged boolean not null default false,
  in_process boolean not null default false,
  under_query boolean not null default true,
  rejected boolean not null default true,
  accepted boolean not null default true,
  paid boolean not null default true,
  updated_by bigint references users (id) on delete set null,
  updated_at timestamptz not null default now()
);
comment on table response_settings is E'Which decisions send a Peppol Invoice Response to the supplier, per Pagero company (AB, IP, UQ, RE, AP, PD).';

create table invoice_responses (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  response_code text not null,
  reason_code text,
  action_code text,
  reason_text text,
  decided_by bigint references users (id) on delete set null,
  decided_at timestamptz not null default now(),
  state text not null default 'queued',
  problem text,
  requested_action text,
  upload_started_at timestamptz,
  file_id text,
  filepart_id text,
  sent_by_connection_id bigint references pagero_connections (id) on delete set null,
  sent_at timestamptz,
  attempts integer not null default 0,
  polls integer not null default 0,
  next_attempt_at timestamptz,
  updated_at timestamptz not null default now(),
  constraint invoice_responses_code_known check (response_code in ('AB', 'IP', 'UQ', 'RE', 'AP', 'PD')),
  constraint invoice_responses_state_known check (state in ('queued', 'waiting_connection', 'sending', 'retrying', 'processing', 'delivered', 'needs_action', 'failed', 'not_sent', 'cancelled')),
  constraint invoice_responses_requested_action_known check (requested_action is null or requested_action in ('restart', 'cancel'))
);
create index invoice_responses_invoice_idx on invoice_responses (invoice_id, id);
create index invoice_responses_open_idx on invoice_responses (company_id, state)
  where state in ('queued', 'waiting_connection', 'sending', 'retrying', 'processing', 'needs_action', 'failed', 'not_sent');
comment on table invoice_responses is E'Peppol Invoice Responses to suppliers, one per decision; sent once through Pagero\'s File API (senderReference = id).';
comment on column invoice_responses.upload_started_at is E'Set (and committed) before each upload: a run that finds it without file_id asks Pagero before posting again.';
comment on column invoice_responses.state is E'queued → sending → processing → delivered; retrying (429/5xx/timeouts), waiting_connection, needs_action (a filepart in Error or AwaitingInteraction), failed (Pagero refused it: 400), not_sent (no endpoint id, rules broken), cancelled.';
