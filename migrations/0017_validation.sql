/*
 * EN 16931 validation results (issue 14). One row per invoice: pending until the
 * invoices__validate job has run the official rule sets on its document, then done (with
 * counts) or error ("could not be validated", with the reason). rules_version says which
 * build of the rules gave the answer; at worker start-up every invoice whose result is
 * missing or from another version is validated again.
 *
 * invoice_validation_findings holds each finding (rule id, severity, message, where);
 * fatal findings block Mark ready and Approve unless an AP Admin overrides them with a
 * reason (override_* columns; the override is also written to the invoice's history).
 */
create table invoice_validations (
  invoice_id bigint primary key references invoices (id) on delete cascade,
  state text not null default 'pending',
  rules_version text,
  rule_sets text[] not null default '{}',
  fatal_count integer not null default 0,
  warning_count integer not null default 0,
  error text,
  queued_at timestamptz not null default now(),
  validated_at timestamptz,
  override_by bigint references users (id) on delete set null,
  override_at timestamptz,
  override_reason text,
  constraint invoice_validations_state_known check (state in ('pending', 'done', 'error')),
  constraint invoice_validations_error_has_text check ((state = 'error') = (error is not null)),
  constraint invoice_validations_override_reason check ((override_at is null) = (override_reason is null))
);
create index invoice_validations_failing_idx on invoice_validations (invoice_id) where fatal_count > 0;
create index invoice_validations_version_idx on invoice_validations (rules_version);
comment on table invoice_validations is E'EN 16931 validation state of each invoice: pending, done (counts) or error (could not be validated), with the rules version.';

create table invoice_validation_findings (
  id bigint generated always as identity primary key,
  invoice_id bigint not null references invoices (id) on delete cascade,
  position integer not null,
  rule_id text not null,
  severity text not null,
  message text not null,
  location text,
  rule_set text not null,
  constraint invoice_validation_findings_severity_known check (severity in ('fatal', 'warning', 'information')),
  unique (invoice_id, position)
);
create index invoice_validation_findings_rule_idx on invoice_validation_findings (rule_id, invoice_id);
comment on table invoice_validation_findings is E'The findings of an invoice\'s latest validation (SVRL failed-asserts, or apdesk\'s mandatory-content checks for FatturaPA).';
