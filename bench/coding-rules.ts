/*
 * What the coding rules pages of issue 18 cost: the rules list's open-invoice counts and supplier names,
 * the form's known suppliers and live check, and "apply to open invoices now" for one supplier with
 * many open invoices (in the request, src/coding/apply-open.ts).
 * Usage: TEST_DATABASE_URL=… npx tsx bench/coding-rules.ts [--invoices 100000] [--suppliers 2000] [--open 1000] [--rules 50]
 */
import { applyRuleToOpenInvoices } from '../src/coding/apply-open';
import { knownSuppliers, ruleSupplierNames, similarSuppliers, suppliersMatching } from '../src/coding/known-suppliers';
import { openCounts } from '../src/coding/open-matches';
import type { CurrentUser } from '../src/http/context';
import { createTestDatabase } from '../test/helpers/database';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const INVOICES = arg('invoices', 100_000);
const SUPPLIERS = arg('suppliers', 2_000);
const OPEN = arg('open', 1_000);
const RULES = arg('rules', 50);

const db = await createTestDatabase();
const sql = db.sql;
try {
  const [user] = await sql<{ id: number }[]>`insert into users (email, first_name, last_name, password_hash, roles) values ('admin@bench.test', 'Ada', 'Admin', 'x', array['ap_admin']) returning id::int`;
  const admin: CurrentUser = { id: user!.id, email: 'admin@bench.test', firstName: 'Ada', lastName: 'Admin', roles: ['ap_admin'], isUserAdmin: false };
  const [company] = await sql<{ id: number }[]>`insert into pagero_companies (pagero_company_id, name, vat_number, source) values ('B-1', 'Bench Italia', 'IT1', 'manual') returning id::int`;
  await sql`insert into gl_accounts (company_id, code, name) values (${company!.id}, '6100', 'Supplies')`;
  const [doc] = await sql<{ id: number }[]>`
    insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, reader_version)
    values ('upload', 'Upload', 1, 'x', '\\x00', 'imported', 'bench') returning id::int`;
  // the big supplier (VAT IT00000000001) has OPEN open invoices; the rest spread over SUPPLIERS suppliers and all statuses
  await sql`
    insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, seller_name, seller_vat_id, company_id, inv_scanned_by, status, received_at)
    select ${doc!.id}, g, 'ubl', 'invoice', 'B-' || g, date '2026-01-01' + (g % 300), 'EUR',
           case when g <= ${OPEN} then 'Carta Ufficio S.r.l.' else 'Supplier ' || (g % ${SUPPLIERS}) || ' S.r.l.' end,
           case when g <= ${OPEN} then 'IT00000000001' else 'IT' || lpad((g % ${SUPPLIERS} + 2)::text, 11, '0') end,
           ${company!.id}, 'Upload',
           case when g <= ${OPEN} then 'received' else (array['received','in_review','ready','approved','exported','exported','exported','exported'])[g % 8 + 1] end,
           now() - g * interval '1 minute'
    from generate_series(1, ${INVOICES}) g`;
  await sql`
    insert into invoice_lines (invoice_id, position, line_number, name, quantity, unit_price, net_amount)
    select i.id, p, (p + 1)::text, (array['Copy paper A4', 'Toner', 'Delivery'])[p + 1], 1, 10.00, 10.00 from invoices i, generate_series(0, 2) p`;
  await sql`
    insert into coding_rules (kind, supplier, line_text, gl_account_code)
    select 'fixed', 'IT' || lpad((g + 2)::text, 11, '0'), case when g % 3 = 0 then 'toner' end, '6100' from generate_series(1, ${RULES} - 1) g`;
  const [rule] = await sql<{ id: number }[]>`insert into coding_rules (kind, supplier, gl_account_code) values ('fixed', 'IT00000000001', '6100') returning id::int`;
  await sql`analyze`;
  const rules = await sql<{ id: number; supplier: string; companyId: null; lineText: string | null; itemId: null }[]>`select id::int, supplier, company_id, line_text, item_id from coding_rules`;

  const time = async (label: string, run: () => Promise<unknown>, times = 5) => {
    await run();
    const start = process.hrtime.bigint();
    for (let i = 0; i < times; i++) await run();
    const ms = Number(process.hrtime.bigint() - start) / 1e6 / times;
    console.log(`${label}: ${ms.toFixed(1)} ms`);
  };
  console.log(`${INVOICES} invoices (3 lines each), ${SUPPLIERS} suppliers, ${RULES} rules; one supplier with ${OPEN} open invoices`);
  await time(`rules list: open counts of ${RULES} rules`, () => openCounts(sql, admin, rules));
  await time(`rules list: supplier names of ${RULES} rules`, () => ruleSupplierNames(sql, admin, rules));
  await time('form: known suppliers (top 300)', () => knownSuppliers(sql, admin));
  await time('live check: suppliers matching a VAT id', () => suppliersMatching(sql, admin, 'IT00000000001'));
  await time('live check: suggestions for a typo', () => similarSuppliers(sql, admin, 'Carta Ufficio'));
  await time('live check: search "supplier 12"', () => knownSuppliers(sql, admin, { search: 'supplier 12', limit: 50 }));
  const big = rules.find((r) => r.id === rule!.id)!;
  const ruleRow = { ...big, kind: 'fixed' as const, glAccountCode: '6100', costCentreCode: null, taxCodeCode: null };
  let start = process.hrtime.bigint();
  const first = await applyRuleToOpenInvoices(sql, admin, ruleRow);
  console.log(`apply to open invoices (first time): ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms`, first);
  await sql`update invoices set status = 'received' where seller_vat_id = 'IT00000000001'`;
  start = process.hrtime.bigint();
  const again = await applyRuleToOpenInvoices(sql, admin, ruleRow);
  console.log(`apply to open invoices (again, nothing to change): ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms`, again);
} finally {
  await db.close();
}
