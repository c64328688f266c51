/*
 * The ERP hand-off's API and webhooks (issue 16).
 *
 * api_tokens gain scopes chosen at creation; tokens made before keep purchase-orders:write
 * only (the column default).
 *
 * api_idempotency_keys remembers the answer to a POST sent with an Idempotency-Key, per
 * token, for 24 hours: the same key and body again gets the same answer without doing
 * anything twice. status_code is null while the first request is still running.
 *
 * Webhooks: an endpoint (URL, events, secret sealed with TOKEN_ENCRYPTION_KEY) gets one
 * delivery per event it subscribes to; each delivery is one graphile-worker job that
 * re-queues itself with backoff (src/webhooks/deliver.ts). Events are made by statement
 * triggers on invoices, so every way an invoice arrives or changes status (import, a
 * clerk, an approval chain, an export result, an export batch) raises them in its own
 * transaction, and nothing is written while no enabled endpoint exists. The event's
 * payload (the invoice as the API shows it) is built once, by its first delivery.
 */
alter table api_tokens
  add column scopes text[] not null default '{purchase-orders:write}',
  add constraint api_tokens_scopes_known check (cardinality(scopes) >= 1 and scopes <@ array['invoices:read', 'invoices:export', 'purchase-orders:write']::text[]);
comment on column api_tokens.scopes is E'What the token may do: invoices:read, invoices:export, purchase-orders:write.';

create table api_idempotency_keys (
  token_id bigint not null references api_tokens (id) on delete cascade,
  key text not null,
  method text not null,
  path text not null,
  request_hash text not null,
  status_code integer,
  content_type text,
  response_body text,
  created_at timestamptz not null default now(),
  primary key (token_id, key),
  constraint api_idempotency_keys_key_length check (char_length(key) between 1 and 255)
);
create index api_idempotency_keys_created_idx on api_idempotency_keys (created_at);
comment on table api_idempotency_keys is E'Answers to POSTs with an Idempotency-Key, replayed for 24 hours (status_code null: still running).';

create table webhook_endpoints (
  id bigint generated always as identity primary key,
  url text not null,
  description text,
  events text[] not null,
  secret_sealed bytea not null,
  enabled boolean not null default true,
  disabled_reason text,
  disabled_at timestamptz,
  failing_since timestamptz,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhook_endpoints_url_length check (char_length(url) between 1 and 2000),
  constraint webhook_endpoints_events_known check (cardinality(events) >= 1 and events <@ array['invoice.received', 'invoice.ready', 'invoice.approved', 'invoice.rejected', 'invoice.exported', 'invoice.export_failed']::text[])
);
comment on table webhook_endpoints is E'Where apdesk posts signed webhooks (Standard Webhooks). The whsec_ secret is sealed (AES-256-GCM) and shown once.';
comment on column webhook_endpoints.failing_since is E'First failed attempt since the last success; 3 days of failures disable the endpoint.';

create table webhook_events (
  id bigint generated always as identity primary key,
  type text not null,
  invoice_id bigint not null references invoices (id) on delete cascade,
  occurred_at timestamptz not null default now(),
  payload jsonb,
  constraint webhook_events_type_known check (type in ('invoice.received', 'invoice.ready', 'invoice.approved', 'invoice.rejected', 'invoice.exported', 'invoice.export_failed'))
);
comment on table webhook_events is E'Something happened to an invoice that an endpoint asked for; payload is built by the first delivery and then sent unchanged.';

create table webhook_deliveries (
  id bigint generated always as identity primary key,
  event_id bigint not null references webhook_events (id) on delete cascade,
  endpoint_id bigint not null references webhook_endpoints (id) on delete cascade,
  state text not null default 'pending',
  attempts integer not null default 0,
  last_status integer,
  last_response text,
  last_error text,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  succeeded_at timestamptz,
  created_at timestamptz not null default now(),
  unique (event_id, endpoint_id),
  constraint webhook_deliveries_state_known check (state in ('pending', 'retrying', 'succeeded', 'failed'))
);
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, id desc);
comment on table webhook_deliveries is E'One event to one endpoint: pending → succeeded, or retrying with backoff over 24 hours → failed. Send again restarts it.';

create function webhook_deliveries_queue(event_ids bigint[]) returns void language plpgsql volatile as $$
declare
  delivery_id bigint;
begin
  for delivery_id in
    insert into webhook_deliveries (event_id, endpoint_id)
    select ev.id, e.id from webhook_events ev join webhook_endpoints e on e.enabled and ev.type = any (e.events)
    where ev.id = any (event_ids)
    returning id
  loop
    perform graphile_worker.add_job('webhook_deliveries__send', json_build_object('deliveryId', delivery_id),
      job_key => 'webhook_delivery:' || delivery_id, max_attempts => 3);
  end loop;
end $$;

create function webhook_events_from_new_invoices() returns trigger language plpgsql as $$
declare
  ids bigint[];
begin
  if not exists (select 1 from webhook_endpoints where enabled and 'invoice.received' = any (events)) then return null; end if;
  with ev as (insert into webhook_events (type, invoice_id) select 'invoice.received', n.id from added n order by n.id returning id)
  select array_agg(id) into ids from ev;
  perform webhook_deliveries_queue(ids);
  return null;
end $$;
create trigger invoices_webhook_received after insert on invoices
  referencing new table as added for each statement execute function webhook_events_from_new_invoices();

create function webhook_events_from_status_changes() returns trigger language plpgsql as $$
declare
  ids bigint[];
begin
  if not exists (select 1 from webhook_endpoints where enabled) then return null; end if;
  with ev as (
    insert into webhook_events (type, invoice_id)
    select 'invoice.' || n.status, n.id
    from changed_new n join changed_old o on o.id = n.id
    where n.status is distinct from o.status and n.status in ('ready', 'approved', 'rejected', 'exported', 'export_failed')
      and exists (select 1 from webhook_endpoints e where e.enabled and 'invoice.' || n.status = any (e.events))
    order by n.id
    returning id)
  select array_agg(id) into ids from ev;
  if ids is not null then perform webhook_deliveries_queue(ids); end if;
  return null;
end $$;
create trigger invoices_webhook_status after update on invoices
  referencing old table as changed_old new table as changed_new for each statement execute function webhook_events_from_status_changes();
