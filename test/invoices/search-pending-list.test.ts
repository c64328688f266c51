import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestDatabase } from '../helpers/database';

describe("Invoices > the search's trigram indexes during an import", () => {
  const t = useTestDatabase();

  it('merge new invoices into the index within 64 kB, so a search never reads a long pending list (nor is planned as if)', async () => {
    await t.db.sql`create extension if not exists pgstattuple`;
    const [doc] = await t.db.sql<{ id: number }[]>`
      insert into documents (source, inv_scanned_by, filename, content_type, size_bytes, sha256, content, status, reader_version)
      values ('upload', 'Upload', 'many.xml', 'application/xml', 10, 'x', convert_to('<Invoice/>', 'UTF8'), 'imported', 'test') returning id::int`;
    // 100 at a time, as a sync stores them; with the default 4 MB list these 5,000 would all still be pending
    for (let from = 0; from < 5000; from += 100) {
      await t.db.sql`
        insert into invoices (document_id, position, format, document_type, invoice_number, issue_date, currency, tax_inclusive_amount, payable_amount, seller_name, seller_vat_id, inv_scanned_by, status, received_at)
        select ${doc!.id}, n, 'ubl', 'invoice', 'INV-' || lpad(n::text, 7, '0'), '2026-01-15', 'EUR', 1, 1, 'Supplier ' || n || ' AB', 'SE' || (556000000000 + n), 'Pagero', 'received', now()
        from generate_series(${from + 1}::int, ${from + 100}::int) n`;
    }
    for (const index of ['invoices_invoice_number_trgm_idx', 'invoices_seller_name_trgm_idx', 'invoices_seller_vat_id_trgm_idx']) {
      const [stats] = await t.db.sql<{ pages: number; tuples: number }[]>`select pending_pages as pages, pending_tuples::int as tuples from pgstatginindex(${index}::regclass)`;
      assert.ok(stats!.pages <= 10, `${index}: ${stats!.pages} pending pages (${stats!.tuples} invoices)`);
    }
  });
});
