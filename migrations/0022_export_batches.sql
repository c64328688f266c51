/*
 * Export batches (issue 16): approved invoices leave apdesk as files an ERP imports, a CSV
 * (one row per coded line part), a JSON file (the API's invoice schema) and a ZIP of the
 * originals and attachments. The files are written from the database whenever they are
 * downloaded or delivered, never stored: a 10,000-invoice ZIP would otherwise sit in a
 * bytea (and in memory on its way there). The batch freezes what shapes them (columns).
 *
 * A batch belongs to one company, because its delivery (SFTP drop folder), its columns and
 * whether the ERP must confirm are that company's settings (export_settings, one row per
 * company; no row = download, default columns, Exported on delivery, EXPORT_SCHEDULE).
 *
 * "Never twice": an invoice sits in at most one batch without a re-export reason (the
 * partial unique index holds this against two people exporting at once); exporting it
 * again is explicit and carries its reason in its batch membership.
 *
 * SFTP secrets are sealed like the Pagero tokens (AES-256-GCM under TOKEN_ENCRYPTION_KEY)
 * and never shown again. The server's host key is pinned on first use (SHA256 fingerprint
 * in OpenSSH's form); a different key later refuses the delivery until an admin clears it.
 */
create table export_settings (
  company_id bigint primary key references pagero_companies (id) on delete cascade,
  columns text[],
  confirmation text not null default 'on_delivery',
  schedule text,
  delivery text not null default 'download',
  sftp_host text,
  sftp_port integer not null default 22,
  sftp_username text,
  sftp_folder text not null default '.',
  sftp_password bytea,
  sftp_private_key bytea,
  sftp_host_key text,
  sftp_host_key_pinned_at timestamptz,
  updated_by bigint references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  constraint export_settings_confirmation_known check (confirmation in ('on_delivery', 'erp')),
  constraint export_settings_delivery_known check (delivery in ('download', 'sftp')),
  constraint export_settings_sftp_complete check (delivery <> 'sftp' or (sftp_host is not null and sftp_username is not null)),
  constraint export_settings_port_range check (sftp_port between 1 and 65535)
);
comment on table export_settings is E'Per company: CSV columns (null = default), Exported on delivery or on the ERP\'s confirmation, schedule, delivery (download or SFTP).';
comment on column export_settings.schedule is E'A cron pattern (UTC), \'off\', or null for EXPORT_SCHEDULE.';
comment on column export_settings.sftp_password is E'Sealed with TOKEN_ENCRYPTION_KEY (src/pagero/token-crypto.ts); never shown again.';
comment on column export_settings.sftp_host_key is E'SHA256 fingerprint of the server\'s host key, pinned on the first connection.';

create table export_batches (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  origin text not null,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  columns text[] not null,
  confirmation text not null,
  delivery text not null,
  status text not null default 'ready',
  invoice_count integer not null,
  delivery_attempts integer not null default 0,
  delivery_error text,
  delivered_at timestamptz,
  delivered_by bigint references users (id) on delete set null,
  delivered_to text,
  schedule_key text unique,
  constraint export_batches_origin_known check (origin in ('manual', 'schedule')),
  constraint export_batches_confirmation_known check (confirmation in ('on_delivery', 'erp')),
  constraint export_batches_delivery_known check (delivery in ('download', 'sftp')),
  constraint export_batches_status_known check (status in ('ready', 'delivering', 'delivered', 'failed'))
);
create index export_batches_company_idx on export_batches (company_id, id);
comment on column export_batches.schedule_key is E'company:cron time of a scheduled batch, so a cron run creates at most one batch.';

create table export_batch_invoices (
  batch_id bigint not null references export_batches (id) on delete cascade,
  invoice_id bigint not null references invoices (id) on delete cascade,
  reexport_reason text,
  primary key (batch_id, invoice_id),
  constraint export_batch_invoices_reason_length check (reexport_reason is null or char_length(reexport_reason) between 1 and 1000)
);
create unique index export_batch_invoices_once on export_batch_invoices (invoice_id) where reexport_reason is null;
create index export_batch_invoices_invoice_idx on export_batch_invoices (invoice_id, batch_id);
comment on table export_batch_invoices is E'The invoices of a batch. Without a re-export reason an invoice is in one batch at most.';
