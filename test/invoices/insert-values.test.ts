/*
 * Every value of an invoice, its lines and its tax rows comes back from the database exactly as
 * the reader gave it, whatever characters it holds: the lines and tax rows travel as array
 * literals built by src/db/array-literal.ts, so quotes, backslashes, commas, braces, newlines,
 * the word NULL, unicode and long decimals must survive them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Invoice, InvoiceLine, TaxSubtotal } from '../../src/einvoice/index';
import { insertInvoices } from '../../src/invoices/insert-invoices';
import { useTestDatabase } from '../helpers/database';

const AWKWARD = ['say "hi"', 'C:\\dir\\file', 'a,b', '{braces}', '"', '\\', 'NULL', 'null', '', ' padded ', 'two\nlines\r\nand\ttab', 'Ünïcødé €', 'emoji 🧾 ok', "it's"];

const line = (i: number, over: Partial<InvoiceLine> = {}): InvoiceLine => ({
  lineNumber: String(i + 1), name: AWKWARD[i % AWKWARD.length]!, description: AWKWARD[(i + 3) % AWKWARD.length]!,
  quantity: '12345678901234567890.123456789012345', unitCode: 'C62', unitPrice: '-0.000000000000000001', netAmount: '100',
  taxCategory: 'S', taxRate: '25.00', sellerItemId: AWKWARD[(i + 5) % AWKWARD.length]!, standardItemId: null, orderLineReference: null, ...over,
});

const invoice = (lines: InvoiceLine[], taxes: TaxSubtotal[]): Invoice => ({
  format: 'ubl', documentType: 'invoice', typeCode: '380', invoiceNumber: 'AWK-1', issueDate: '2026-01-02', dueDate: null, currency: 'EUR',
  seller: { name: 'Seller "Q" \\ AB', tradingName: null, vatId: 'SE556000000101', country: 'SE', endpointId: null, address: { street: 'a,b {c}', additionalStreet: null, city: '🧾', postalCode: null, region: null, country: 'SE' } },
  buyer: { name: 'Buyer', tradingName: null, vatId: null, country: null, endpointId: null, address: null },
  buyerReference: null, orderReference: null, billingReference: null, paymentTerms: 'line one\nline "two"', payeeIban: null,
  totals: { lineNet: '1', allowances: null, charges: null, taxExclusive: '1', tax: '0', taxInclusive: '1', prepaid: null, rounding: null, withholding: null, payable: '1' },
  taxBreakdown: taxes, lines, attachments: [], warnings: ['a warning with "quotes", {braces} and \\'],
});

describe('Invoices > values survive the insert', () => {
  const t = useTestDatabase();

  it('stores lines, tax rows and invoice fields with quotes, backslashes, commas, braces, newlines, NULL, unicode, long decimals and nulls', async () => {
    const lines = AWKWARD.map((_, i) => line(i));
    lines.push(line(99, { name: null, description: null, quantity: null, unitCode: null, unitPrice: null, netAmount: null, taxCategory: null, taxRate: null, sellerItemId: null, lineNumber: null }));
    const taxes: TaxSubtotal[] = [
      { category: 'S', rate: '25', taxableAmount: '99999999999999999999999999.99', taxAmount: '0.01' },
      { category: 'Z"\\,{}', rate: null, taxableAmount: null, taxAmount: null },
    ];
    const [doc] = await t.db.sql<{ id: number }[]>`
      insert into documents (source, inv_scanned_by, size_bytes, sha256, content, status, reader_version)
      values ('upload', 'Upload', 1, 'x', '\\x00', 'imported', 'test') returning id::int`;
    const [id] = await insertInvoices(t.db.sql, { documentId: doc!.id, companyId: null, invScannedBy: 'Upload', receivedAt: new Date('2026-01-03T04:05:06.789Z') }, [invoice(lines, taxes)]);

    const stored = await t.db.sql`
      select line_number, name, description, quantity::text, unit_code, unit_price::text, net_amount::text, tax_category, tax_rate::text,
             seller_item_id, standard_item_id, order_line_reference
      from invoice_lines where invoice_id = ${id!} order by position`;
    assert.deepEqual(stored.map((r) => ({ ...r })), lines.map((l) => ({ ...l })));
    const storedTaxes = await t.db.sql`select category, rate::text, taxable_amount::text, tax_amount::text from invoice_tax_breakdowns where invoice_id = ${id!} order by position`;
    assert.deepEqual(storedTaxes.map((r) => ({ ...r })), taxes.map((x) => ({ ...x })));
    const [inv] = await t.db.sql`select seller_name, seller_address, payment_terms, warnings, received_at from invoices where id = ${id!}`;
    assert.equal(inv!.sellerName, 'Seller "Q" \\ AB');
    assert.deepEqual(inv!.sellerAddress, { street: 'a,b {c}', additionalStreet: null, city: '🧾', postalCode: null, region: null, country: 'SE' });
    assert.equal(inv!.paymentTerms, 'line one\nline "two"');
    assert.deepEqual(inv!.warnings, ['a warning with "quotes", {braces} and \\']);
    assert.equal((inv!.receivedAt as Date).toISOString(), '2026-01-03T04:05:06.789Z');
  });
});
