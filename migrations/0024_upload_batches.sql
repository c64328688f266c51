/*
 * The result of one upload on My Invoices (issue 18): a plain form post stores the files,
 * records what became of each here and redirects (303) to /invoices/uploads/<id>, so a reload
 * shows the result again instead of uploading the files twice (Post/Redirect/Get).
 * Only the uploader may read a batch (checked by the route), for UPLOAD_RESULT_HOURS (24 h,
 * src/invoices/upload-batches.ts); older rows are deleted on the next upload and by the daily
 * housekeeping job. The id is random (not guessable); the invoices of each file are read
 * live from its document when the result is shown, through the uploader's visibility.
 */
create table upload_batches (
  id uuid primary key default gen_random_uuid(),
  user_id bigint not null references users (id) on delete cascade,
  -- the company chosen on the form (for "it stays with …, not … as chosen")
  company_id bigint references pagero_companies (id) on delete set null,
  created_at timestamptz not null default now()
);
create index upload_batches_created_at on upload_batches (created_at);

create table upload_batch_files (
  batch_id uuid not null references upload_batches (id) on delete cascade,
  position integer not null,
  filename text not null,
  -- null when the file was refused before it was stored (over EINVOICE_MAX_BYTES)
  document_id bigint references documents (id) on delete set null,
  -- the reader's (or the size check's) sentence when the file was refused
  rejected_reason text,
  primary key (batch_id, position)
);
