/* Issue 18: how a user reads numbers and dates, and the list views a user saved. */
alter table users
  add column locale text check (locale ~ '^[a-z]{2,3}-[A-Z]{2}$'),
  add column time_zone text check (length(time_zone) between 1 and 64);
comment on column users.locale is E'BCP 47 tag (de-DE, en-GB, …) for numbers and dates; null: taken from the browser''s Accept-Language.';
comment on column users.time_zone is E'IANA time zone (Europe/Rome) for times shown to this user; null: UTC.';

create table saved_views (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  name text not null check (length(name) between 1 and 60),
  query text not null check (length(query) <= 2000),
  created_at timestamptz not null default now(),
  constraint saved_views_name_per_user unique (user_id, name)
);
comment on table saved_views is E'A named filter set of My Invoices (the list''s query string), shown to its user as a tab.';
