/*
 * Pagero connections. Each apdesk user has at most one connection (logging in again renews
 * it in place). Tokens are stored encrypted (AES-256-GCM, see src/pagero/token-crypto.ts).
 * The refresh chain ends three years after the user authenticated at Pagero; the renewal
 * reminders and coverage warnings hang off chain_expires_at.
 */
create table pagero_connections (
  id bigint generated always as identity primary key,
  user_id bigint not null unique references users (id) on delete cascade,
  status text not null default 'active',
  access_token bytea,
  access_expires_at timestamptz,
  refresh_token bytea,
  chain_started_at timestamptz not null,
  chain_expires_at timestamptz not null,
  connected_at timestamptz not null default now(),
  last_refreshed_at timestamptz,
  needs_renewal_reason text,
  updated_at timestamptz not null default now(),
  constraint pagero_connections_status_known check (status in ('active', 'needs_renewal', 'disconnected'))
);
create index pagero_connections_chain_expires_idx on pagero_connections (chain_expires_at) where status = 'active';
comment on table pagero_connections is E'One apdesk user\'s OAuth grant at Pagero. Tokens are ciphertext, never logged or shown.';

/* Companies known to apdesk: found through a connection (listing) or entered by an admin. */
create table pagero_companies (
  id bigint generated always as identity primary key,
  pagero_company_id text not null unique,
  name text not null,
  vat_number text,
  source text not null default 'listing',
  created_at timestamptz not null default now(),
  uncovered_notified_at timestamptz,
  constraint pagero_companies_source_known check (source in ('listing', 'manual'))
);
comment on column pagero_companies.uncovered_notified_at is E'Set when user admins were told the company has no active connection; cleared when covered again.';

create table pagero_connection_companies (
  connection_id bigint not null references pagero_connections (id) on delete cascade,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  seen_at timestamptz not null default now(),
  primary key (connection_id, company_id)
);
create index pagero_connection_companies_company_idx on pagero_connection_companies (company_id);

/*
 * Every email apdesk sends. dedupe_key makes "send once" a unique constraint, so a reminder
 * goes once even when the job runs twice or on two workers. Without SMTP the message stays
 * here and admins read it in Settings > Email outbox.
 */
create table mail_messages (
  id bigint generated always as identity primary key,
  dedupe_key text unique,
  kind text not null,
  to_address text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  delivery text not null default 'pending',
  error text,
  constraint mail_messages_delivery_known check (delivery in ('pending', 'smtp', 'outbox', 'failed'))
);
create index mail_messages_created_idx on mail_messages (created_at desc);
