/*
 * Received e-invoice files and the invoices read from them.
 *
 * documents keeps every received file forever, byte for byte, whether or not the reader
 * could read it: a file the reader refuses is "quarantined" with the reason and can be
 * re-read from its stored bytes after a reader fix. A Pagero document id is unique, so a
 * re-delivered document never becomes a second invoice (insert … on conflict do nothing).
 *
 * invoices holds one row per invoice read (a FatturaPA file may carry several). The header
 * fields are columns, amounts are numeric (never float), and a few values the list needs
 * (received_at, attachment_count) are copied onto the row so My Invoices pages through
 * 1,000,000 invoices on one index without joins: keyset order (received_at desc, id desc).
 * Possible duplicates (same supplier VAT id, number, issue date and payable amount as an
 * earlier invoice of another document) are kept and point at the original.
 */
create extension if not exists pg_trgm;

create table documents (
  id bigint generated always as identity primary key,
  source text not null,
  inv_scanned_by text not null,
  filename text,
  content_type text,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  pagero_document_id text unique,
  pagero_metadata jsonb,
  company_id bigint references pagero_companies (id) on delete set null,
  fetched_by_connection_id bigint references pagero_connections (id) on delete set null,
  uploaded_by_user_id bigint references users (id) on delete set null,
  status text not null,
  quarantine_reason text,
  received_at timestamptz not null default now(),
  last_read_at timestamptz not null default now(),
  reader_version text not null,
  constraint documents_source_known check (source in ('pagero', 'upload')),
  constraint documents_inv_scanned_by_known check (inv_scanned_by in ('Pagero', 'Upload')),
  constraint documents_status_known check (status in ('imported', 'quarantined')),
  constraint documents_quarantine_has_reason check ((status = 'quarantined') = (quarantine_reason is not null))
);
create index documents_quarantined_idx on documents (received_at desc, id desc) where status = 'quarantined';
create index documents_sha256_idx on documents (sha256);
comment on table documents is E'Every received e-invoice file, kept forever with its original bytes; quarantined when the reader refused it.';
comment on column documents.reader_version is E'Version of src/einvoice that last read the bytes (see src/invoices/reader-version.ts).';

create table invoices (
  id bigint generated always as identity primary key,
  document_id bigint not null references documents (id) on delete cascade,
  position integer not null,
  format text not null,
  document_type text not null,
  type_code text,
  invoice_number text not null,
  issue_date date not null,
  due_date date,
  currency text,
  seller_name text,
  seller_trading_name text,
  seller_vat_id text,
  seller_country text,
  seller_endpoint_id text,
  seller_address jsonb,
  buyer_name text,
  buyer_trading_name text,
  buyer_vat_id text,
  buyer_country text,
  buyer_endpoint_id text,
  buyer_address jsonb,
  buyer_reference text,
  order_reference text,
  billing_reference text,
  payment_terms text,
  payee_iban text,
  line_net_amount numeric,
  allowance_amount numeric,
  charge_amount numeric,
  tax_exclusive_amount numeric,
  tax_amount numeric,
  tax_inclusive_amount numeric,
  prepaid_amount numeric,
  rounding_amount numeric,
  withholding_amount numeric,
  payable_amount numeric,
  warnings text[] not null default '{}',
  attachment_count integer not null default 0,
  company_id bigint references pagero_companies (id) on delete set null,
  inv_scanned_by text not null,
  status text not null default 'received',
  document_group_id bigint,
  duplicate_of bigint references invoices (id) on delete set null,
  received_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint invoices_format_known check (format in ('ubl', 'cii', 'fatturapa')),
  constraint invoices_document_type_known check (document_type in ('invoice', 'credit_note')),
  constraint invoices_inv_scanned_by_known check (inv_scanned_by in ('Pagero', 'Upload')),
  unique (document_id, position)
);
create index invoices_newest_idx on invoices (received_at desc, id desc);
create index invoices_duplicate_key_idx on invoices (seller_vat_id, invoice_number, issue_date, payable_amount);
create index invoices_duplicate_of_idx on invoices (duplicate_of) where duplicate_of is not null;
create index invoices_company_idx on invoices (company_id, received_at desc, id desc);
create index invoices_seller_name_trgm_idx on invoices using gin (seller_name gin_trgm_ops);
create index invoices_seller_vat_id_trgm_idx on invoices using gin (seller_vat_id gin_trgm_ops);
create index invoices_invoice_number_trgm_idx on invoices using gin (invoice_number gin_trgm_ops);
comment on table invoices is E'One invoice read from a document. Supplier content is read-only; apdesk\'s own fields are status, group and duplicate_of.';
comment on column invoices.position is E'Order of the invoice within its document (FatturaPA bodies), from 0.';
comment on column invoices.duplicate_of is E'The earlier invoice with the same seller VAT id, number, issue date and payable amount: a possible duplicate.';
comment on column invoices.document_group_id is E'Filled by group assignment; the foreign key arrives with Document Groups.';

create table invoice_lines (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  position integer not null,
  line_number text,
  name text,
  description text,
  quantity numeric,
  unit_code text,
  unit_price numeric,
  net_amount numeric,
  tax_category text,
  tax_rate numeric,
  seller_item_id text,
  standard_item_id text,
  order_line_reference text,
  unique (invoice_id, position)
);

create table invoice_tax_breakdowns (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  position integer not null,
  category text,
  rate numeric,
  taxable_amount numeric,
  tax_amount numeric,
  unique (invoice_id, position)
);

create table invoice_attachments (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  position integer not null,
  filename text,
  mime_type text,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  unique (invoice_id, position)
);
comment on table invoice_attachments is E'Files embedded in an invoice (PDF renderings, an embedded FatturaPA, …), extracted and kept.';
