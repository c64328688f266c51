/*
 * Accounts: people who log in, their database-backed sessions, and failed login attempts
 * (kept per account and per IP so throttling works across every web process).
 */
create extension if not exists citext;

create table users (
  id bigint generated always as identity primary key,
  email citext not null unique,
  first_name text not null,
  last_name text not null,
  password_hash text not null,
  roles text[] not null default '{}',
  is_user_admin boolean not null default false,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deactivated_at timestamptz,
  constraint users_roles_known check (roles <@ array['ap_specialist', 'ap_manager', 'ap_admin', 'financial_accounting']::text[])
);
comment on table users is E'People who log in to apdesk. Roles decide what they may do; is_user_admin is independent of roles.';

create table sessions (
  id text primary key,
  user_id bigint not null references users (id) on delete cascade,
  secret_hash bytea not null,
  created_at timestamptz not null default now(),
  last_verified_at timestamptz not null default now(),
  user_agent text,
  ip text
);
create index sessions_user_id_idx on sessions (user_id);
comment on table sessions is E'Login sessions. The browser holds id.secret; only sha256(secret) is stored.';

create table login_failures (
  id bigint generated always as identity primary key,
  email citext not null,
  ip text not null,
  at timestamptz not null default now()
);
create index login_failures_email_at_idx on login_failures (email, at);
create index login_failures_ip_at_idx on login_failures (ip, at);
comment on table login_failures is E'Failed logins in the recent window, for throttling per account and per IP.';
