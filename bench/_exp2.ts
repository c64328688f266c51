import postgres from 'postgres';
import { migrate } from '../src/db/migrate';
import { createSql } from '../src/db/connection';
import { assignImportedInvoices, reassignAllInvoices } from '../src/groups/assign';
const admin = postgres('postgres://postgres@127.0.0.1:5432/postgres', { max: 1, onnotice: () => {} });
await admin.unsafe('drop database if exists apdesk_exp with (force)');
await admin.unsafe('create database apdesk_exp');
const sql0 = createSql('postgres://postgres@127.0.0.1:5432/apdesk_exp', 1);
await migrate(sql0); await sql0.end();
const sql = postgres('postgres://postgres@127.0.0.1:5432/apdesk_exp', { max: 1, transform: postgres.camel, onnotice: (n) => console.log(n.message) });
await sql`insert into pagero_companies (pagero_company_id, name) values ('a', 'Acme Italia S.r.l.'), ('b', 'Acme GmbH')`;
await sql`insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, reader_version) values ('upload','Upload',1,'x','\\x00','imported','b')`;
const conds = [
  { join: 'and', children: [{ field: 'invScannedBy', op: 'equals', value: 'Pagero' }, { field: 'company', op: 'equals', value: 'Acme Italia S.r.l.' }] },
  { join: 'and', children: [{ field: 'supplier', op: 'contains', value: 'x 12' }, { field: 'totalAmount', op: 'greater_than', value: '500' }] },
  { join: 'or', children: [{ field: 'currency', op: 'in_list', value: 'SEK, DKK' }, { field: 'issueDate', op: 'less_than', value: '2024-02-01' }] },
];
for (const [i, c] of conds.entries()) await sql`insert into document_groups (name, priority, conditions) values (${'g' + i}, ${i + 1}, ${sql.json(c as never)})`;
await sql`insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, seller_name, seller_vat_id, payable_amount, company_id, inv_scanned_by, received_at)
  select 1, g, 'ubl', 'invoice', 'INV-' || g, date '2024-01-01' + (g % 900), (array['EUR','SEK','DKK'])[1 + g % 3], 'Supplier ' || chr(65 + (g * 7) % 26) || ' ' || (g % 5000), 'IT' || lpad((g % 100000)::text, 11, '0'), g/100.0, 1 + g % 2, case when g % 2 = 0 then 'Pagero' else 'Upload' end, now() - make_interval(secs => g)
  from generate_series(1, 200000) g`;
await sql`vacuum analyze invoices`;
await sql`load 'auto_explain'`;
await sql`set auto_explain.log_min_duration = 0`;
await sql`set auto_explain.log_analyze = on`;
await sql`set auto_explain.log_nested_statements = on`;
await sql`set client_min_messages = log`;
const ids = (await sql<{ id: number }[]>`select id::int from invoices order by id desc limit 1000`).map((r) => r.id);
await sql.begin((tx) => assignImportedInvoices(tx, ids));
await sql`set auto_explain.log_min_duration = 100000`;
let s = performance.now(); await reassignAllInvoices(sql); console.log('full', performance.now() - s);
await sql`set auto_explain.log_min_duration = 0`;
s = performance.now(); await reassignAllInvoices(sql); console.log('noop', performance.now() - s);
await sql.end(); await admin.unsafe('drop database apdesk_exp with (force)'); await admin.end();
