/*
 * Seeds a database shaped like bench/load.ts's at the end of its import, in SQL: N companies
 * ("Bulk i AB") with M twenty-line invoices each, all Received, imported in turn (ids of the
 * companies interleave, as two workers import two companies at once), one Document Group per
 * company ("Bulk i", every invoice of the company in it), GL account 4000 for every company.
 * `blocks`: each company's invoices as one block of ids and time instead, as a real first import
 * leaves them (one company's backlog after another).
 */
import type { Sql } from '../../src/db/connection';

export async function seedLoadShape(sql: Sql, companies: number, perCompany: number, log: (line: string) => void, blocks = false) {
  await sql`set synchronous_commit = off`;
  const groupIds: number[] = [];
  for (let i = 1; i <= companies; i++) {
    await sql`insert into pagero_companies (pagero_company_id, name) values (${`bulk-${i}`}, ${`Bulk ${i} AB`}) on conflict do nothing`;
    const [g] = await sql<{ id: number }[]>`
      insert into document_groups (name, priority, conditions)
      values (${`Bulk ${i}`}, ${i}, ${sql.json({ join: 'and', children: [{ field: 'company', op: 'equals', value: `Bulk ${i} AB` }] })})
      returning id::int`;
    groupIds.push(g!.id);
  }
  await sql`insert into gl_accounts (company_id, code, name, active) select id, '4000', 'Goods', true from pagero_companies on conflict do nothing`;
  const [doc] = await sql<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
    values ('pagero', 'Pagero', 'bench.xml', 'application/xml', 9, 'x', convert_to('<Invoice/>', 'UTF8'), 'imported', 'bench') returning id::int`;
  const count = companies * perCompany;
  const CHUNK = 10_000;
  // which company invoice n is of, and its number within the company
  const company = blocks ? sql`(1 + (n - 1) / ${perCompany})` : sql`(1 + n % ${companies})`;
  const nth = blocks ? sql`(1 + (n - 1) % ${perCompany})` : sql`(1 + n / ${companies})`;
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    await sql`
      insert into invoices (document_id, position, format, document_type, type_code, invoice_number, issue_date, due_date, currency,
        seller_name, seller_vat_id, seller_country, buyer_name, buyer_vat_id, buyer_country,
        line_net_amount, tax_exclusive_amount, tax_amount, tax_inclusive_amount, payable_amount,
        warnings, attachment_count, company_id, inv_scanned_by, status, received_at)
      select ${doc!.id}, n, 'ubl', case when n % 50 = 0 then 'credit_note' else 'invoice' end, '380',
        'BULK-' || ${company} || '-' || lpad(${nth}::text, 7, '0'),
        date '2026-01-01' + (n % 300), date '2026-01-31' + (n % 300), case when n % 10 = 0 then 'EUR' else 'SEK' end,
        (array['Nordic', 'Acme', 'Global', 'Alpine', 'Baltic', 'Iberia', 'Rhein', 'Atlas'])[1 + n % 8] || ' ' ||
          (array['Trading', 'Logistics', 'Foods', 'Steel', 'Paper'])[1 + (n / 8) % 5] || ' ' || (array['AB', 'GmbH', 'Oy', 'AS'])[1 + (n / 40) % 4],
        'SE' || lpad(((n * 7) % 50000)::text, 10, '0') || '01', 'SE', 'Bulk AB', 'SE556000000101', 'SE',
        ((n::bigint * 7919) % 1000000) / 100.0, ((n::bigint * 7919) % 1000000) / 100.0, ((n::bigint * 7919) % 1000000) / 100.0 * 0.25,
        ((n::bigint * 7919) % 1000000) / 100.0 * 1.25, ((n::bigint * 7919) % 1000000) / 100.0 * 1.25,
        '{}'::text[], 0, (select c.id from pagero_companies c where c.pagero_company_id = 'bulk-' || ${company}),
        'Pagero', 'received', now() - (${count} - n) * interval '20 milliseconds'
      from generate_series(${from}::int, ${to}::int) n`;
    await sql`
      insert into invoice_lines (invoice_id, position, line_number, name, quantity, unit_code, unit_price, net_amount, tax_category, tax_rate, seller_item_id)
      select i.id, p, (p + 1)::text, 'Article ' || (i.id % 500) || ' – ' || p, 1 + p, 'C62', 12.50 + p, (1 + p) * (12.50 + p), 'S', 25, 'SKU-' || p
      from invoices i cross join generate_series(0, 19) p
      where i.position between ${from} and ${to}`;
    await sql`
      insert into invoice_groups (invoice_id, group_id, status)
      select i.id, g.id, i.status from invoices i join pagero_companies c on c.id = i.company_id join document_groups g on g.name = replace(c.name, ' AB', '')
      where i.position between ${from} and ${to}`;
    await sql`
      insert into invoice_tax_breakdowns (invoice_id, position, category, rate, taxable_amount, tax_amount)
      select i.id, 0, 'S', 25, i.tax_exclusive_amount, i.tax_amount from invoices i where i.position between ${from} and ${to}`;
    log(`  ${to.toLocaleString('en')} invoices`);
  }
  await sql`vacuum analyze`;
  return { groupIds };
}
