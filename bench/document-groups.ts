/*
 * Document Groups benchmark: N invoices (default 1,000,000) and 50 groups of 1 to 6
 * conditions (seeded, so every run builds the same groups) in a fresh database. Measures
 * the full reassignment from nothing assigned, again after the priority is reversed, a
 * no-op rerun (nothing changes, nothing is written) and the import-time assignment of a
 * 1,000-invoice batch. Targets: full reassignment ≤ 15 s, a 1,000-invoice batch ≤ 100 ms.
 *
 *   npx tsx bench/document-groups.ts [--count 1000000] [--database postgres://postgres@127.0.0.1:5432/postgres]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import postgres from '../src/db/postgres';
import { createSql } from '../src/db/connection';
import { migrate } from '../src/db/migrate';
import { assignImportedInvoices, reassignAllInvoices } from '../src/groups/assign';
import type { ConditionGroup, ConditionNode } from '../src/groups/conditions';
import type { FieldKey, Operator } from '../src/groups/fields';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    database: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const count = Number(values.count);
const admin = postgres(values.database!, { max: 1, onnotice: () => {} });
const dbName = `apdesk_bench_${randomBytes(4).toString('hex')}`;
await admin.unsafe(`create database ${dbName}`);
const url = new URL(values.database!);
url.pathname = `/${dbName}`;
const sql = createSql(url.toString(), 4);

const time = async <T>(label: string, work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  console.log(`${label}: ${ms.toFixed(0)} ms${typeof result === 'number' ? ` (${result.toLocaleString('en')} rows)` : ''}`);
  return ms;
};

try {
  await migrate(sql);
  const companies = ['Acme Italia S.r.l.', 'Acme GmbH', 'Acme Nordic AB', 'Beta France SAS', 'Gamma Iberia S.L.'];
  for (const [i, name] of companies.entries()) await sql`insert into pagero_companies (pagero_company_id, name) values (${`bench-${i}`}, ${name})`;
  const [doc] = await sql<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, reader_version)
    values ('upload', 'Upload', 1, 'x', '\\x00', 'imported', 'bench') returning id::int`;
  await time(`insert ${count.toLocaleString('en')} invoices`, () => insertInvoices(doc!.id, 1, count));
  await sql`vacuum analyze invoices`;

  const groups = makeGroups(50);
  for (const [i, conditions] of groups.entries()) {
    await sql`insert into document_groups (name, priority, conditions) values (${`Group ${i + 1}`}, ${i + 1}, ${sql.json(conditions as never)})`;
  }
  const conditionCount = groups.reduce((n, g) => n + countRows(g), 0);
  console.log(`50 groups, ${conditionCount} conditions`);

  const full = await time('full reassignment, nothing assigned yet', () => reassignAllInvoices(sql));
  const [dist] = await sql`
    select (select count(*) from invoice_groups where group_id is null)::int as unassigned,
           (select count(distinct group_id) from invoice_groups)::int as used`;
  console.log(`  ${dist!.unassigned.toLocaleString('en')} unassigned, ${dist!.used} groups in use`);
  await sql`vacuum analyze invoice_groups`; // as autovacuum would between two runs
  await sql`update document_groups set priority = 1000 - priority`;
  const reordered = await time('full reassignment after reversing the priority', () => reassignAllInvoices(sql));
  await sql`vacuum analyze invoice_groups`;
  await time('full reassignment with nothing to change (every group evaluated, nothing written)', () => reassignAllInvoices(sql));

  const batches: number[] = [];
  for (let run = 0; run < 5; run++) {
    const from = count + 1 + run * 1000;
    await insertInvoices(doc!.id, from, from + 999);
    const ids = (await sql<{ id: number }[]>`select id::int from invoices where position between ${from} and ${from + 999}`).map((r) => r.id);
    batches.push(await time(`assignment of a 1,000-invoice import batch #${run + 1}`, () => sql.begin((tx) => assignImportedInvoices(tx, ids))));
  }
  const median = batches.sort((a, b) => a - b)[2]!;
  console.log(`\nfull reassignment: ${(Math.max(full, reordered) / 1000).toFixed(1)} s (target ≤ 15 s); 1,000-invoice batch median ${median.toFixed(0)} ms (target ≤ 100 ms)`);
} finally {
  await sql.end();
  await admin.unsafe(`drop database ${dbName} with (force)`);
  await admin.end();
}

async function insertInvoices(documentId: number, from: number, to: number) {
  for (let start = from; start <= to; start += 100_000) {
    const end = Math.min(to, start + 99_999);
    await sql`
      insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, seller_name,
                            seller_vat_id, seller_country, buyer_reference, order_reference, payable_amount, company_id,
                            inv_scanned_by, status, received_at)
      select ${documentId}, g, (array['ubl','cii','fatturapa'])[1 + g % 3], case when g % 10 = 0 then 'credit_note' else 'invoice' end,
             'INV-' || g, date '2024-01-01' + (g % 900), (array['EUR','SEK','DKK','NOK','USD'])[1 + g % 5],
             'Supplier ' || chr(65 + (g * 7) % 26) || ' ' || (g % 5000), 'IT' || lpad((g % 100000)::text, 11, '0'),
             (array['IT','DE','SE','FR','NL','ES'])[1 + g % 6], case when g % 4 = 0 then null else 'BR-' || (g % 300) end,
             case when g % 3 = 0 then null else 'PO-' || (g % 7000) end, ((g::bigint * 7919) % 1000000) / 100.0,
             (select id from pagero_companies order by id offset (g % 5) limit 1), case when g % 2 = 0 then 'Pagero' else 'Upload' end,
             (array['received','in_review','approved'])[1 + g % 3], now() - make_interval(secs => g)
      from generate_series(${start}::int, ${end}::int) g`;
  }
}

/** Deterministic pseudo-random groups drawn from conditions that fit the generated data. */
function makeGroups(n: number): ConditionGroup[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const cond = (field: FieldKey, op: Operator, value = '') => ({ field, op, value });
  const makers: (() => ConditionNode)[] = [
    () => cond('invScannedBy', 'equals', pick(['Pagero', 'Upload'])),
    () => cond('company', pick(['equals', 'not_equals']), pick(['Acme Italia S.r.l.', 'Acme GmbH', 'Acme Nordic AB'])),
    () => cond('company', 'contains', pick(['acme', 'iberia', 'france'])),
    () => cond('supplier', 'starts_with', pick(['Supplier A', 'Supplier B', 'S-T'])),
    () => cond('supplier', 'contains', pick([' 12', ' 4', 'r q'])),
    () => cond('supplierCountry', 'in_list', pick(['IT, DE', 'SE', 'FR, NL, ES'])),
    () => cond('currency', pick(['equals', 'not_equals']), pick(['EUR', 'SEK', 'USD'])),
    () => cond('totalAmount', pick(['greater_than', 'less_than']), pick(['100.00', '2500.50', '9000'])),
    () => cond('issueDate', pick(['greater_than', 'less_than']), pick(['2024-06-30', '2025-03-01'])),
    () => cond('documentType', 'equals', pick(['invoice', 'credit_note'])),
    () => cond('buyerReference', pick(['is_blank', 'is_not_blank', 'starts_with']), 'BR-1'),
    () => cond('orderReference', 'contains', pick(['PO-1', '99'])),
    () => cond('status', 'in_list', pick(['received', 'approved, in_review'])),
  ];
  const selective: (() => ConditionNode)[] = [
    () => cond('company', 'equals', pick(['Acme Italia S.r.l.', 'Acme GmbH', 'Acme Nordic AB', 'Beta France SAS'])),
    () => cond('currency', 'equals', pick(['EUR', 'SEK', 'DKK', 'NOK'])),
    () => cond('supplier', 'starts_with', `Supplier ${String.fromCharCode(65 + Math.floor(rand() * 26))}`),
    () => cond('supplierCountry', 'equals', pick(['IT', 'DE', 'SE', 'FR'])),
  ];
  // Each group opens with a selective condition, so invoices spread over many groups and some stay Unassigned.
  return Array.from({ length: n }, () => {
    const rows = [pick(selective)(), ...Array.from({ length: Math.floor(rand() * 6) }, () => pick(makers)())];
    if (rows.length >= 3 && rand() < 0.5) return { join: 'and', children: [rows[0]!, { join: 'or', children: rows.slice(1) }] };
    return { join: 'and', children: rows };
  });
}

function countRows(g: ConditionGroup): number {
  return g.children.reduce((n, c) => n + ('children' in c ? countRows(c) : 1), 0);
}
