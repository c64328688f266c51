/** Compares a reading of a corpus file with its record in ../shared/corpus/expected.json. */
import { compare, sum } from '../../src/einvoice/decimal';
import type { Invoice } from '../../src/einvoice/model';

export const corpusDir = new URL('../../../shared/corpus/', import.meta.url);

export interface ExpectedInvoice {
  document_type: string;
  type_code: string | null;
  invoice_number: string;
  issue_date: string;
  currency: string | null;
  seller_name: string | null;
  seller_vat_id: string | null;
  buyer_name: string | null;
  line_count: number;
  line_net_sum: string | null;
  line_total_amount?: string | null;
  tax_exclusive_total: string | null;
  tax_total: string | null;
  payable_amount: string | null;
  withholding_count?: number;
}

export interface ExpectedFile extends Partial<ExpectedInvoice> {
  format: 'ubl' | 'cii' | 'fatturapa';
  invalid: boolean;
  body_count?: number;
  invoices?: ExpectedInvoice[];
}

function sameDecimal(actual: string | null, expected: string | null | undefined): boolean {
  if (expected === undefined) return true;
  if (actual === null || expected === null) return actual === expected;
  return compare(actual, expected) === 0;
}

/** Differences between what we read and what is expected, as readable strings (empty when they match). */
export function differences(format: ExpectedFile['format'], inv: Invoice, exp: ExpectedInvoice): string[] {
  const out: string[] = [];
  const same = (field: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) out.push(`${field}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  const sameAmount = (field: string, actual: string | null, expected: string | null | undefined) => {
    if (!sameDecimal(actual, expected)) out.push(`${field}: got ${actual}, expected ${expected}`);
  };
  same('format', inv.format, format);
  same('documentType', inv.documentType, exp.document_type);
  same('typeCode', inv.typeCode, exp.type_code);
  same('invoiceNumber', inv.invoiceNumber, exp.invoice_number);
  same('issueDate', inv.issueDate, exp.issue_date);
  same('currency', inv.currency, exp.currency);
  same('seller.name', inv.seller.name, exp.seller_name);
  same('seller.vatId', inv.seller.vatId, exp.seller_vat_id);
  same('buyer.name', inv.buyer.name, exp.buyer_name);
  same('lines', inv.lines.length, exp.line_count);
  const nets = inv.lines.map((l) => l.netAmount).filter((a) => a !== null);
  sameAmount('sum of line net amounts', nets.length > 0 ? sum(nets) : null, exp.line_net_sum);
  if (format !== 'fatturapa') sameAmount('totals.lineNet', inv.totals.lineNet, exp.line_total_amount);
  sameAmount('totals.taxExclusive', inv.totals.taxExclusive, exp.tax_exclusive_total);
  sameAmount('totals.tax', inv.totals.tax, exp.tax_total);
  if (format === 'fatturapa') {
    // expected.json has null when ImportoTotaleDocumento is absent; we then compute it and say so.
    if (exp.payable_amount === null) {
      if (!inv.warnings.some((w) => w.includes('ImportoTotaleDocumento'))) out.push('taxInclusive computed without a warning');
    } else sameAmount('totals.taxInclusive', inv.totals.taxInclusive, exp.payable_amount);
    same('withholding present', inv.totals.withholding !== null, (exp.withholding_count ?? 0) > 0);
  } else {
    sameAmount('totals.payable', inv.totals.payable, exp.payable_amount);
  }
  return out;
}
