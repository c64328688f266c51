/*
 * Line coding and matching (issue 8).
 *
 * Master data: each company has its own GL accounts, cost centres and tax codes. Codes are
 * never deleted, only deactivated, so an old invoice keeps pointing at the code it was
 * coded with (on delete restrict) while new coding offers only active codes.
 *
 * Coding lives beside the supplier's lines, never in them: invoice_line_codings holds one
 * row per part of a line (one row = not split), each with its amount, so the parts of a
 * line add up to its net amount exactly (checked in TypeScript with decimal strings).
 *
 * Coding rules name their codes as text (the code, not the row) because a rule keyed only
 * by supplier applies to every company, each with its own master data; the code is looked
 * up in the invoice's company when the rule applies.
 *
 * Purchase orders and goods receipts come from CSV or the bearer-token API. What has been
 * received and invoiced per PO line is derived (sums over receipt lines and over the
 * matches of live invoices), never stored twice, so it cannot drift.
 */

create table gl_accounts (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  code text not null,
  name text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint gl_accounts_code_unique unique (company_id, code),
  constraint gl_accounts_code_length check (char_length(code) between 1 and 50)
);
comment on table gl_accounts is E'General ledger accounts of a company, for line coding. Deactivated, never deleted.';

create table cost_centres (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  code text not null,
  name text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint cost_centres_code_unique unique (company_id, code),
  constraint cost_centres_code_length check (char_length(code) between 1 and 50)
);
comment on table cost_centres is E'Cost centres of a company, for line coding. Deactivated, never deleted.';

create table tax_codes (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  code text not null,
  name text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tax_codes_code_unique unique (company_id, code),
  constraint tax_codes_code_length check (char_length(code) between 1 and 50)
);
comment on table tax_codes is E'Tax codes of a company, for line coding. Deactivated, never deleted.';

create table company_coding_settings (
  company_id bigint primary key references pagero_companies (id) on delete cascade,
  require_gl_account boolean not null default true,
  require_cost_centre boolean not null default false,
  require_tax_code boolean not null default false,
  updated_at timestamptz not null default now()
);
comment on table company_coding_settings is E'Which coding fields a line needs before its invoice counts as coded. No row = GL account only.';

create table coding_rules (
  id bigint generated always as identity primary key,
  kind text not null default 'fixed',
  supplier text not null,
  company_id bigint references pagero_companies (id) on delete cascade,
  line_text text,
  item_id text,
  gl_account_code text,
  cost_centre_code text,
  tax_code_code text,
  active boolean not null default true,
  times_used integer not null default 0,
  last_used_at timestamptz,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint coding_rules_kind_known check (kind in ('fixed', 'last_invoice')),
  constraint coding_rules_supplier_length check (char_length(supplier) between 1 and 200),
  constraint coding_rules_fixed_has_code check (kind <> 'fixed' or coalesce(gl_account_code, cost_centre_code, tax_code_code) is not null),
  constraint coding_rules_last_invoice_unnarrowed check (kind <> 'last_invoice' or (line_text is null and item_id is null))
);
comment on table coding_rules is E'Automatic line coding. Most specific rule wins (src/coding/precedence.ts). Codes are text, looked up in the invoice\'s company.';
comment on column coding_rules.supplier is E'A VAT id (compared without spaces, dots or dashes, case-insensitive) or a supplier name (case-insensitive).';
comment on column coding_rules.times_used is E'Lines this rule has coded, ever.';

create table invoice_line_codings (
  id bigint generated always as identity primary key,
  invoice_line_id bigint not null references invoice_lines (id) on delete cascade,
  position integer not null,
  amount numeric not null,
  percent numeric,
  gl_account_id bigint references gl_accounts (id) on delete restrict,
  cost_centre_id bigint references cost_centres (id) on delete restrict,
  tax_code_id bigint references tax_codes (id) on delete restrict,
  source text not null,
  coding_rule_id bigint references coding_rules (id) on delete set null,
  coded_by bigint references users (id) on delete set null,
  coded_at timestamptz not null default now(),
  constraint invoice_line_codings_source_known check (source in ('manual', 'header', 'rule', 'last_invoice')),
  unique (invoice_line_id, position)
);
comment on table invoice_line_codings is E'The coding of an invoice line: one row, or several when split. Amounts add up to the line\'s net amount.';
comment on column invoice_line_codings.percent is E'Set when the line was split by percentage (or is not split: 100).';

create table invoice_automation (
  invoice_id bigint primary key references invoices (id) on delete cascade,
  human_edited_at timestamptz,
  ready_at timestamptz,
  ready_touchless boolean
);
comment on table invoice_automation is E'Whether people touched an invoice\'s coding, and when it reached Ready: the touchless rate reads this.';

create table purchase_orders (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  po_number text not null,
  supplier_vat_id text,
  supplier_name text,
  currency text,
  order_date date,
  source text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint purchase_orders_number_unique unique (company_id, po_number),
  constraint purchase_orders_source_known check (source in ('csv', 'api'))
);
create index purchase_orders_number_idx on purchase_orders (po_number);

create table purchase_order_lines (
  id bigint generated always as identity primary key,
  purchase_order_id bigint not null references purchase_orders (id) on delete cascade,
  line_number text not null,
  item_id text,
  description text,
  quantity numeric not null,
  unit_price numeric not null,
  tax_rate numeric,
  constraint purchase_order_lines_number_unique unique (purchase_order_id, line_number)
);
comment on table purchase_order_lines is E'Ordered quantities and prices. Received and invoiced quantities are sums (goods_receipt_lines, invoice_line_matches).';

create table goods_receipts (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  purchase_order_id bigint not null references purchase_orders (id) on delete cascade,
  receipt_number text not null,
  received_on date,
  source text not null,
  created_at timestamptz not null default now(),
  constraint goods_receipts_number_unique unique (company_id, receipt_number),
  constraint goods_receipts_source_known check (source in ('csv', 'api'))
);

create table goods_receipt_lines (
  id bigint generated always as identity primary key,
  goods_receipt_id bigint not null references goods_receipts (id) on delete cascade,
  purchase_order_line_id bigint not null references purchase_order_lines (id) on delete cascade,
  quantity numeric not null,
  constraint goods_receipt_lines_once unique (goods_receipt_id, purchase_order_line_id)
);
create index goods_receipt_lines_po_line_idx on goods_receipt_lines (purchase_order_line_id);

create table matching_settings (
  id bigint generated always as identity primary key,
  company_id bigint not null references pagero_companies (id) on delete cascade,
  supplier text,
  mode text not null default 'two_way',
  price_tolerance_percent numeric not null default 0,
  amount_tolerance numeric,
  quantity_tolerance_percent numeric not null default 0,
  updated_at timestamptz not null default now(),
  constraint matching_settings_once unique nulls not distinct (company_id, supplier),
  constraint matching_settings_mode_known check (mode in ('two_way', 'three_way')),
  constraint matching_settings_tolerances_positive check (price_tolerance_percent >= 0 and quantity_tolerance_percent >= 0 and coalesce(amount_tolerance, 0) >= 0)
);
comment on table matching_settings is E'2- or 3-way matching and its tolerances: a row per company (supplier null) and optional rows per supplier, which win.';
comment on column matching_settings.amount_tolerance is E'Largest accepted |invoiced net − quantity × PO price| per line; null = not checked.';

create table invoice_line_matches (
  invoice_line_id bigint primary key references invoice_lines (id) on delete cascade,
  invoice_id bigint not null references invoices (id) on delete cascade,
  purchase_order_line_id bigint references purchase_order_lines (id) on delete set null,
  matched_by text,
  outcome text not null,
  mode text not null,
  invoice_quantity numeric,
  invoice_unit_price numeric,
  po_quantity numeric,
  po_unit_price numeric,
  previously_invoiced numeric,
  received_quantity numeric,
  price_variance_percent numeric,
  amount_variance numeric,
  matched_at timestamptz not null default now(),
  constraint invoice_line_matches_outcome_known check (outcome in ('matched', 'price_variance', 'quantity_variance', 'not_received', 'no_po_line')),
  constraint invoice_line_matches_by_known check (matched_by in ('order_line_reference', 'item_id', 'description'))
);
create index invoice_line_matches_invoice_idx on invoice_line_matches (invoice_id);
create index invoice_line_matches_po_line_idx on invoice_line_matches (purchase_order_line_id);
comment on table invoice_line_matches is E'The latest match of each invoice line against its PO line, with the numbers behind the outcome.';

create table api_tokens (
  id bigint generated always as identity primary key,
  name text not null,
  secret_hash bytea not null,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  constraint api_tokens_name_length check (char_length(name) between 1 and 100)
);
comment on table api_tokens is E'Bearer tokens for /api/v1. The caller holds id.secret; only sha256(secret) is stored.';
