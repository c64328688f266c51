/*
 * apdesk's own demo data (src/demo), added once per demo company when `npm start` runs on the
 * embedded database with the built-in Pagero sandbox. The row is the "seeded" mark: claiming
 * it with insert … on conflict do nothing makes a restart, a second login or two logins at
 * once seed a company exactly once, and what a user later changes or deletes stays that way.
 * Purchase orders and goods receipts it adds say so in their source ('demo').
 */
create table demo_seeds (
  company_id bigint primary key references pagero_companies (id) on delete cascade,
  seeded_at timestamptz not null default now(),
  summary jsonb not null default '{}'
);
comment on table demo_seeds is E'Demo companies that received apdesk\'s demo master data, coding rules and purchase orders (src/demo).';

alter table purchase_orders drop constraint purchase_orders_source_known,
  add constraint purchase_orders_source_known check (source in ('csv', 'api', 'demo'));
alter table goods_receipts drop constraint goods_receipts_source_known,
  add constraint goods_receipts_source_known check (source in ('csv', 'api', 'demo'));
