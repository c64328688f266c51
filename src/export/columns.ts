/*
 * The columns an export CSV may have, one row per coded line part. A company picks which
 * and in what order (Settings → Export); a batch freezes its set when it is created, so its
 * file reads the same on every download. Names are stable: an ERP's import maps them.
 */
export type PartRow = {
  batchId: number;
  invoiceId: number;
  company: string | null;
  supplier: string | null;
  supplierVatId: string | null;
  invoiceNumber: string;
  documentType: string;
  issueDate: string;
  dueDate: string | null;
  currency: string | null;
  lineNumber: string | null;
  lineDescription: string | null;
  part: number | null;
  glAccount: string | null;
  costCentre: string | null;
  taxCode: string | null;
  taxCategory: string | null;
  taxRate: string | null;
  net: string;
  tax: string;
  gross: string;
  buyerReference: string | null;
  orderReference: string | null;
  orderLineReference: string | null;
  supplierItemId: string | null;
  paymentTerms: string | null;
  payeeIban: string | null;
  invoiceNet: string | null;
  invoiceTax: string | null;
  invoiceGross: string | null;
  invoicePayable: string | null;
};

export const EXPORT_COLUMNS = {
  company: { label: 'Company (the buyer in apdesk)', value: (r: PartRow) => r.company },
  supplier: { label: 'Supplier name', value: (r: PartRow) => r.supplier },
  supplier_vat_id: { label: 'Supplier VAT id', value: (r: PartRow) => r.supplierVatId },
  invoice_number: { label: 'Invoice number', value: (r: PartRow) => r.invoiceNumber },
  document_type: { label: 'invoice or credit_note', value: (r: PartRow) => r.documentType },
  issue_date: { label: 'Issue date (YYYY-MM-DD)', value: (r: PartRow) => r.issueDate },
  due_date: { label: 'Due date', value: (r: PartRow) => r.dueDate },
  currency: { label: 'Currency code', value: (r: PartRow) => r.currency },
  gl_account: { label: 'GL account code', value: (r: PartRow) => r.glAccount },
  cost_centre: { label: 'Cost centre code', value: (r: PartRow) => r.costCentre },
  tax_code: { label: 'Tax code', value: (r: PartRow) => r.taxCode },
  net: { label: 'Net amount of the part', value: (r: PartRow) => r.net },
  tax: { label: 'Tax of the part (the invoice\'s tax per rate, shared by net amount)', value: (r: PartRow) => r.tax },
  gross: { label: 'Net + tax of the part', value: (r: PartRow) => r.gross },
  apdesk_invoice_id: { label: 'apdesk invoice id (the API\'s id; send it back with the export result)', value: (r: PartRow) => r.invoiceId },
  batch_id: { label: 'Export batch number', value: (r: PartRow) => r.batchId },
  line_number: { label: 'Supplier\'s line number', value: (r: PartRow) => r.lineNumber },
  part: { label: 'Part of the line (1 unless split)', value: (r: PartRow) => r.part },
  line_description: { label: 'Line name or description', value: (r: PartRow) => r.lineDescription },
  tax_category: { label: 'Tax category (UNCL5305: S, Z, E, AE…)', value: (r: PartRow) => r.taxCategory },
  tax_rate: { label: 'Tax rate in percent', value: (r: PartRow) => r.taxRate },
  buyer_reference: { label: 'Buyer reference (BT-10)', value: (r: PartRow) => r.buyerReference },
  order_reference: { label: 'Purchase order reference (BT-13)', value: (r: PartRow) => r.orderReference },
  order_line_reference: { label: 'Purchase order line (BT-132)', value: (r: PartRow) => r.orderLineReference },
  supplier_item_id: { label: 'Supplier\'s item id', value: (r: PartRow) => r.supplierItemId },
  payment_terms: { label: 'Payment terms', value: (r: PartRow) => r.paymentTerms },
  payee_iban: { label: 'IBAN to pay', value: (r: PartRow) => r.payeeIban },
  invoice_net_total: { label: 'Invoice total without tax', value: (r: PartRow) => r.invoiceNet },
  invoice_tax_total: { label: 'Invoice tax total', value: (r: PartRow) => r.invoiceTax },
  invoice_gross_total: { label: 'Invoice total with tax', value: (r: PartRow) => r.invoiceGross },
  invoice_payable: { label: 'Amount due', value: (r: PartRow) => r.invoicePayable },
} as const satisfies Record<string, { label: string; value: (r: PartRow) => string | number | null }>;

export type ColumnKey = keyof typeof EXPORT_COLUMNS;
export const COLUMN_KEYS = Object.keys(EXPORT_COLUMNS) as ColumnKey[];

export const DEFAULT_COLUMNS: readonly ColumnKey[] = [
  'company', 'supplier', 'supplier_vat_id', 'invoice_number', 'document_type', 'issue_date', 'due_date', 'currency',
  'gl_account', 'cost_centre', 'tax_code', 'net', 'tax', 'gross', 'apdesk_invoice_id', 'line_number', 'buyer_reference', 'order_reference',
];

export const isColumnKey = (s: string): s is ColumnKey => Object.hasOwn(EXPORT_COLUMNS, s);

/** "company, net ,gross" → the keys, or the sentence saying what is wrong. */
export function parseColumns(text: string): { ok: true; columns: ColumnKey[] } | { ok: false; message: string } {
  const names = text.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return { ok: false, message: 'Name at least one column.' };
  const unknown = names.filter((n) => !isColumnKey(n));
  if (unknown.length) return { ok: false, message: `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Use the names in the table below.` };
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return { ok: false, message: `The column ${twice} is named twice.` };
  return { ok: true, columns: names as ColumnKey[] };
}
